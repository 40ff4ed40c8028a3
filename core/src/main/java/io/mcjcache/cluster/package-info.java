/**
 * The cluster as the JCache layer sees it: routed, mirrored storage of opaque bytes under memcached
 * keys, with atomic read-modify-write on the key's owner node.
 *
 * <p>Knows nothing of JCache semantics (expiry, listeners, statistics live above it) and nothing of
 * serialization (values arrive as bytes).
 */
package io.mcjcache.cluster;
