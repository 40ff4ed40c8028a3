/**
 * Turns a CacheManager URI, an optional properties file and the caller's {@code Properties} into one
 * immutable {@link io.mcjcache.config.ClusterSettings}, rejecting unknown keys and bad values with a
 * message that names them.
 *
 * <p>Depends on the JDK and on one value of {@code io.mcjcache.codec}, the
 * {@code DeserializationAllowList} that defines its own setting; no routing, transport or JCache types,
 * so that every other package can read settings without a cycle. Nothing here opens a network
 * connection or resolves a host name.
 */
package io.mcjcache.config;
