package io.mcjcache.cluster;

import java.util.List;

/**
 * What an operator reads to see how the router coped: registered in JMX as
 * {@code io.mcjcache:type=Router,CacheManager=<identity>}, and available in Java from
 * {@code ClusterStore} implementations that route.
 */
public interface RouterFiguresMXBean {
  /** Operations served (reads, writes, deletes, atomic updates; a batch counts each key). */
  long getOperations();

  /** Requests to a node that failed or timed out. */
  long getNodeFailures();

  /** Reads answered by a node other than the first one planned, because an earlier one failed or missed. */
  long getFailovers();

  /** Writes whose home node was dead, so a rehashed node took the copy. */
  long getRehashes();

  /** Reads that found the value only on a fallback copy (the home node was recovering or dead). */
  long getFallbackHits();

  /** Fallback hits copied back to the recovering home node with {@code add}. */
  long getReadRepairs();

  /** Deletes of copies made while a node was down, issued because the node came back. */
  long getFallbackDeletes();

  /** Writes dropped because every node was down and {@code allDown=miss}. */
  long getDroppedWrites();

  /** Keys moved back to their returning home node by the episode-closing task. */
  long getMigratedKeys();

  /** Keys deleted from a node that came back without restarting ({@code rejoin=flush}). */
  long getFlushedKeys();

  /**
   * Rejoin flushes this process ran (finished or not): one per return of a node that did not restart,
   * across all the processes of the host and, with the cluster record, of every host.
   */
  long getFlushes();

  /**
   * Leases taken on owner nodes by atomic updates that kept losing their compare-and-swap to other
   * clients (so that their next attempt ran alone).
   */
  long getLeases();

  /** Tries to take a lease that another client held, each followed by a short pause. */
  long getLeaseWaits();

  /** Reads answered by the caches' near caches in this JVM: they never reached a node (not in operations). */
  long getNearHits();

  /**
   * Keys the near caches in this JVM fetched again in the background because they were read in the last
   * quarter of their ttl (refresh ahead). These fetches are part of operations: this figure tells them
   * from the applications' own reads.
   */
  long getNearRefreshFetches();

  /**
   * Rounds in which this process probed every node itself. With a shared host view only the host's
   * prober (the agent, or one application process) probes: the others' count stays still.
   */
  long getProbeRounds();

  /**
   * Node deaths and returns this process took over from the host's shared view (published by another
   * process) instead of deciding them itself.
   */
  long getAdoptedTransitions();

  /**
   * Copies of the cluster record (the view the hosts share through the nodes) this process read: with
   * {@code liveness.syncMs} on, the host's prober reads one copy per live node every sync interval.
   */
  long getClusterRecordReads();

  /** Copies of the cluster record this process wrote: its own transitions, and copies it found behind. */
  long getClusterRecordWrites();

  /** Node deaths and returns this process took from the cluster record (decided on another host). */
  long getTransitionsFromCluster();

  /**
   * Rejoin flushes this process took over at once from a flusher of its host that ended mid-flush (rather
   * than waiting for that flusher's cluster lease to expire).
   */
  long getFlushTakeovers();

  /**
   * Where the liveness view comes from: {@code own} (this process decides alone), or
   * {@code host file <path>} (shared by the host's processes; docs/operations.md), followed by
   * {@code ; cluster record every <n> ms, ...} when it is shared with other hosts as well.
   */
  String getLivenessView();

  /** One line per node: {@code index STATE since=<ISO instant>} (the node's address is in {@code servers}). */
  List<String> getNodeStates();
}
