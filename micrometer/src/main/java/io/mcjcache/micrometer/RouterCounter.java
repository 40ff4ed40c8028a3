package io.mcjcache.micrometer;

import io.mcjcache.cluster.RouterFiguresMXBean;
import java.util.function.ToLongFunction;

/**
 * The router's monotonic counts, each with its meter name and the figure it reads. They are counters, not
 * gauges, because each only grows while the store is open: a monitoring system can then show rates (failovers
 * per second) and survive restarts of the application. The descriptions are the figures' own
 * (docs/operations.md, "What to watch").
 */
enum RouterCounter {
  OPERATIONS("operations", "operations", "Cache operations served (a batch counts each key)",
      RouterFiguresMXBean::getOperations),
  NODE_FAILURES("node.failures", "failures", "Requests and probes to a node that failed or timed out",
      RouterFiguresMXBean::getNodeFailures),
  FAILOVERS("failovers", "reads", "Reads answered by a node other than the first one planned",
      RouterFiguresMXBean::getFailovers),
  REHASHES("rehashes", "writes", "Writes whose home node was dead, so a rehashed node took the copy",
      RouterFiguresMXBean::getRehashes),
  FALLBACK_HITS("fallback.hits", "reads", "Reads found only on a copy made while the home node was away",
      RouterFiguresMXBean::getFallbackHits),
  READ_REPAIRS("read.repairs", "keys", "Fallback hits copied back to the recovering home node",
      RouterFiguresMXBean::getReadRepairs),
  FALLBACK_DELETES("fallback.deletes", "keys", "Deletes of copies made while a node was down, after its return",
      RouterFiguresMXBean::getFallbackDeletes),
  DROPPED_WRITES("dropped.writes", "writes", "Writes dropped because every node was down (allDown=miss)",
      RouterFiguresMXBean::getDroppedWrites),
  MIGRATED_KEYS("migrated.keys", "keys", "Keys moved back to their returning home node",
      RouterFiguresMXBean::getMigratedKeys),
  FLUSHED_KEYS("flushed.keys", "keys", "Keys deleted from a node that came back without restarting (rejoin=flush)",
      RouterFiguresMXBean::getFlushedKeys),
  FLUSHES("flushes", "flushes", "Rejoin flushes this process ran", RouterFiguresMXBean::getFlushes),
  FLUSH_TAKEOVERS("flush.takeovers", "flushes", "Rejoin flushes taken over from a flusher of this host that ended",
      RouterFiguresMXBean::getFlushTakeovers),
  LEASES("leases", "leases", "Leases taken on owner nodes by atomic updates that kept losing to other clients",
      RouterFiguresMXBean::getLeases),
  LEASE_WAITS("lease.waits", "waits", "Tries to take a lease another client held", RouterFiguresMXBean::getLeaseWaits),
  NEAR_HITS("near.hits", "reads", "Reads the near caches of this JVM answered (not in operations)",
      RouterFiguresMXBean::getNearHits),
  NEAR_REFRESH_FETCHES("near.refresh.fetches", "keys", "Keys the near caches fetched again in the background",
      RouterFiguresMXBean::getNearRefreshFetches),
  PROBE_ROUNDS("probe.rounds", "rounds", "Rounds in which this process probed every node itself",
      RouterFiguresMXBean::getProbeRounds),
  ADOPTED_TRANSITIONS("adopted.transitions", "transitions",
      "Node deaths and returns taken over from the host's shared liveness view",
      RouterFiguresMXBean::getAdoptedTransitions),
  CLUSTER_RECORD_READS("cluster.record.reads", "reads", "Copies of the cluster record this process read",
      RouterFiguresMXBean::getClusterRecordReads),
  CLUSTER_RECORD_WRITES("cluster.record.writes", "writes", "Copies of the cluster record this process wrote",
      RouterFiguresMXBean::getClusterRecordWrites),
  TRANSITIONS_FROM_CLUSTER("transitions.from.cluster", "transitions",
      "Node deaths and returns taken from the cluster record (decided on another host)",
      RouterFiguresMXBean::getTransitionsFromCluster);

  private final String suffix;
  private final String baseUnit;
  private final String description;
  private final ToLongFunction<RouterFiguresMXBean> figure;

  RouterCounter(String suffix, String baseUnit, String description, ToLongFunction<RouterFiguresMXBean> figure) {
    this.suffix = suffix;
    this.baseUnit = baseUnit;
    this.description = description;
    this.figure = figure;
  }

  /** The meter's name: {@code mcjcache.router.<figure>}. */
  String meterName() {
    return RouterMetrics.PREFIX + suffix;
  }

  String baseUnit() {
    return baseUnit;
  }

  String description() {
    return description;
  }

  double read(RouterFiguresMXBean figures) {
    return figure.applyAsLong(figures);
  }
}
