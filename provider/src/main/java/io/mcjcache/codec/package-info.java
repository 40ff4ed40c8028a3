/**
 * How JCache keys and values become memcached keys and item bytes, and back: the pluggable
 * {@link io.mcjcache.codec.ValueSerializer}, the deserialization allow-list, the key encoding and the
 * versioned {@link io.mcjcache.codec.ValueEnvelope} stored as each item.
 *
 * <p>Pure byte work: this package must not depend on routing, health, transport (spymemcached) or
 * the {@code Cache} implementation; it depends only on the JDK and {@code javax.cache} exceptions.
 */
package io.mcjcache.codec;
