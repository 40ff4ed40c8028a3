/**
 * Liveness: passive failure counting from real traffic, an active prober, the decision that a node is
 * dead or alive again, the rejoin flush of a node that comes back without having restarted, and the
 * closing of down episodes. Publishes immutable {@link io.mcjcache.routing.ClusterView}s, to this process
 * alone ({@link io.mcjcache.health.OwnView}) or to every process of the host through the host's liveness
 * file ({@link io.mcjcache.health.HostView}), where one process probes and one flushes for all, and to
 * the other hosts through the cluster record ({@link io.mcjcache.health.ClusterRecordView}).
 *
 * <p>Reaches the servers only through {@link io.mcjcache.health.NodeAccess} (probes, flushes, the cluster
 * record), never the transport itself; must not make placement decisions (the router does).
 */
package io.mcjcache.health;
