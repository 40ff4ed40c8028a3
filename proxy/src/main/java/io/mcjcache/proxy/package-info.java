/**
 * The local proxy: a Netty server that speaks memcached's text protocol and carries every request through
 * the core's {@code RoutedClusterStore}, so that clients in any language get mcjcache's placement,
 * mirroring, failover, recovery fallback and rejoin flush (docs/proxy.md).
 *
 * <p>Depends on {@code io.mcjcache.cluster} (the store door: {@code ClusterStore}, {@code RoutedClusterStore},
 * {@code Mutation}, {@code Decision}, {@code ValueExpiry}, the store's exceptions), {@code io.mcjcache.config}
 * (settings, the namespace rule) and {@code io.mcjcache.transport.TransportSettings} (the item overhead
 * figure), and on Netty. It must not depend on the provider ({@code io.mcjcache} and its JCache packages)
 * nor on {@code javax.cache}, and never talks to a memcached server but through the store.
 */
package io.mcjcache.proxy;
