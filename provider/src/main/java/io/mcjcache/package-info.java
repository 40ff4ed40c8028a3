/**
 * The JCache provider, cache manager and cache: the spec's semantics on top of the cluster store.
 * Talks to the servers only through {@code io.mcjcache.cluster.ClusterStore} (with a cache's near
 * cache, {@code io.mcjcache.near}, in front); never depends on the router, health or transport packages.
 * Only {@code StoreFactories} names the default store ({@code RoutedClusterStore}).
 *
 * <p>The classes flow one way (docs/architecture.md, "Packages of the provider"): the provider opens
 * managers, a manager creates caches, and a cache hands the classes that carry out its operations
 * ({@code SingleKeyOperations}, {@code BatchOperations}, {@code Invocation}, {@code EntryDecisions}) its
 * parts ({@code CacheParts}), never itself; those classes depend on none above them.
 */
package io.mcjcache;
