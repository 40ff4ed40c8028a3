/**
 * The JCache provider, cache manager and cache: the spec's semantics on top of the cluster store.
 * Talks to the servers only through {@code io.mcjcache.cluster.ClusterStore} (with a cache's near
 * cache, {@code io.mcjcache.near}, in front); never depends on the router, health or transport packages.
 */
package io.mcjcache;
