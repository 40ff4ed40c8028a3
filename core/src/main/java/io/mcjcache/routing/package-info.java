/**
 * Pure routing: the key hash, placement over the configured node count, pairs, bounded rehash
 * around dead nodes and the down-episode history that recovery needs, turned into small immutable
 * plans ({@link io.mcjcache.routing.WritePlan}, {@link io.mcjcache.routing.ReadPlan},
 * {@link io.mcjcache.routing.AtomicPlan}) of which nodes to touch for one key.
 *
 * <p>This package does no I/O, reads no clock and holds no mutable shared state: it must not depend
 * on the transport, health, codec or JCache packages. Health publishes new
 * {@link io.mcjcache.routing.ClusterView}s; the executor carries plans out.
 */
package io.mcjcache.routing;
