/**
 * Talking to memcached servers: one shared spymemcached client that sends each call to the node it
 * names, per-operation timeouts, pipelined bulk operations, failure reporting
 * ({@link io.mcjcache.transport.NodeFailureException}) and key enumeration with
 * {@code lru_crawler metadump} on a socket of our own.
 *
 * <p>Every operation addresses the node index it is given and never decides placement: this package
 * must not depend on routing, health, codec or the JCache layer; they depend on it.
 */
package io.mcjcache.transport;
