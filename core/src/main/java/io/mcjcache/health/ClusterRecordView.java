package io.mcjcache.health;

import io.mcjcache.routing.ClusterView;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

/**
 * Shares a view ({@link OwnView} or the host's {@link HostView}) with the other hosts of the cluster
 * through the cluster record ({@link LivenessRecord}), a small item kept on every live node under
 * {@code <namespace>!liveness} (docs/operations.md, "Across hosts: the cluster record").
 *
 * <p>Every {@code liveness.syncMs} the host's prober (this process when it keeps its own view; else the
 * host's agent or the application process holding the probe turn) reads the record from every node its
 * view holds alive, in parallel, and handles each copy as it arrives: a copy that knows a later
 * transition is taken into the view (a node dead elsewhere is avoided here too; a node another host
 * flushed and brought back is taken back without flushing again); a transition of this host that the
 * record does not know yet is published with the next epoch; a copy behind what this process knows is
 * replaced (compare-and-swap, so that concurrent writers merge rather than overwrite). A transition of this
 * host starts a round at once (within {@value #TICK_MS} ms), so other hosts learn it about one sync
 * interval after it happened. A node that hangs delays only its own copy: the others are handled as
 * they come.
 *
 * <p>One flush per return across hosts: {@link #tryFlushTurn} adds a lease item ({@code
 * <namespace>!rejoin-flush}, {@value #LEASE_TTL_SECONDS} s beyond the settle time) on the returning node
 * itself; the host that adds it flushes, the others keep the node dead until the flusher's return reaches
 * them through the record, which the flusher publishes before it lets the lease go. A flusher that dies
 * leaves the lease to expire, and another host takes over.
 *
 * <p>The return itself has two steps, because hosts read the record at different moments: flushed, the
 * node is first <em>returning</em> ({@link #returnSettleMillis}: one sync interval, a tick and three op
 * timeouts), dead for every host but deleted from on every write of its keys; only then is it taken back.
 * A host that took the node back at once would read the node's copy of a key that another host, not yet
 * aware of the return, had since written around it. Neither key starts with {@code <namespace>:}, so no flush, key
 * listing or {@code clear()} touches them.
 */
public final class ClusterRecordView implements ViewSource {
  private static final System.Logger LOG = System.getLogger(ClusterRecordView.class.getName());
  /** How often the sync thread looks at the view for a transition of this host to publish. */
  static final int TICK_MS = 10;
  /**
   * The flush lease's life beyond the returning node's settle time: far longer than a flush of a typical
   * node takes (well under a second for 100,000 keys), short enough that hosts take over soon from a
   * flusher that died.
   */
  static final int LEASE_TTL_SECONDS = 10;

  private final ViewSource inner;
  private final NodeAccess access;
  private final int nodeCount;
  private final long cluster;
  private final String recordKey;
  private final String leaseKey;
  private final long syncMillis;
  private final long waitMillis;
  private final long settleMillis;
  private final int leaseSeconds;
  private final Clock clock;
  private final String processName;
  private final AtomicLong takeovers = new AtomicLong();
  private final ScheduledExecutorService syncer;
  private final AtomicLong reads = new AtomicLong();
  private final AtomicLong writes = new AtomicLong();
  private final AtomicLong adopted = new AtomicLong();
  private final Set<String> warned = new HashSet<>();
  private final boolean[] reading;
  private LivenessRecord known;
  private ClusterView lastTicked;
  private long lastRoundMillis;
  private volatile long lastCopyMillis;
  private volatile boolean prober = true;

  /**
   * @param inner the view to share (closed with this one)
   * @param identity the cluster's identity ({@code namespace@servers}): records of other clusters are
   *     left alone
   * @param syncMillis how often the prober reads the record ({@code liveness.syncMs}, positive)
   * @param opTimeoutMillis the operation timeout: how long one read or write of the record may take
   */
  public ClusterRecordView(ViewSource inner, NodeAccess access, int nodeCount, String namespace, String identity,
      long syncMillis, long opTimeoutMillis, Clock clock) {
    if (syncMillis <= 0) {
      throw new IllegalArgumentException("syncMillis must be positive, got " + syncMillis);
    }
    this.inner = inner;
    this.access = access;
    this.nodeCount = nodeCount;
    this.cluster = HostView.clusterHash(identity);
    this.recordKey = recordKey(namespace);
    this.leaseKey = namespace + "!rejoin-flush";
    this.syncMillis = syncMillis;
    this.waitMillis = 2 * opTimeoutMillis + 100;
    // The return reaches the record within a tick and a write; every other prober reads it within a sync
    // interval and a read; their operations planned just before end within another op timeout.
    this.settleMillis = syncMillis + TICK_MS + 3 * opTimeoutMillis;
    this.leaseSeconds = LEASE_TTL_SECONDS + (int) Math.min(Integer.MAX_VALUE / 2, (settleMillis + 999) / 1000);
    this.clock = clock;
    this.processName = ManagementFactory.getRuntimeMXBean().getName();
    this.reading = new boolean[nodeCount];
    this.known = LivenessRecord.empty(nodeCount);
    this.syncer = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "mcjcache-liveness-sync");
      thread.setDaemon(true);
      return thread;
    });
    syncer.scheduleWithFixedDelay(this::tick, 0, TICK_MS, TimeUnit.MILLISECONDS);
  }

  /** The memcached key of the namespace's cluster record. */
  public static String recordKey(String namespace) {
    return namespace + "!liveness";
  }

  @Override
  public ClusterView current() {
    return inner.current();
  }

  @Override
  public ClusterView update(UnaryOperator<ClusterView> transition) {
    return inner.update(transition);
  }

  /**
   * The host's turn first, then the cluster's lease on the node. Holding both, this process reads the
   * record once more, so that a return another host finished meanwhile is taken over instead of flushed
   * again; the turn, when closed, publishes this host's outcome before the lease goes.
   */
  @Override
  public FlushTurn tryFlushTurn(int node) {
    FlushTurn local = inner.tryFlushTurn(node);
    if (local == null) {
      return null;
    }
    boolean leased;
    try {
      leased = lease(node);
    } catch (Exception e) {
      leased = false;
    }
    if (!leased) {
      local.close();
      return null;
    }
    awaitRound();
    return () -> {
      try {
        awaitRound();
      } finally {
        try {
          access.delete(node, leaseKey);
        } catch (RuntimeException e) {
          // it expires by itself
        }
        local.close();
      }
    };
  }

  /**
   * Adds the flush lease on the node, or takes over one that a flusher of this view's scope left behind:
   * this process holds the scope's turn now, so that flusher has ended (or failed to delete its lease), and
   * waiting for the lease to expire would only keep the node out longer.
   */
  private boolean lease(int node) throws Exception {
    String scope = inner.flushScope() + "/";
    byte[] mine = (scope + processName).getBytes(StandardCharsets.UTF_8);
    if (access.add(node, leaseKey, leaseSeconds, mine).get(waitMillis, TimeUnit.MILLISECONDS)) {
      return true;
    }
    NodeAccess.Stored held = access.gets(node, leaseKey).get(waitMillis, TimeUnit.MILLISECONDS);
    if (held == null || !new String(held.value(), StandardCharsets.UTF_8).startsWith(scope)) {
      return false; // another host flushes (or the lease just went: the next probe tries again)
    }
    if (!access.cas(node, leaseKey, held.cas(), leaseSeconds, mine).get(waitMillis, TimeUnit.MILLISECONDS)) {
      return false;
    }
    takeovers.incrementAndGet();
    LOG.log(System.Logger.Level.INFO, "mcjcache: taking over the flush of node {0} from {1}, which ended", node,
        new String(held.value(), StandardCharsets.UTF_8).substring(scope.length()));
    return true;
  }

  @Override
  public String flushScope() {
    return inner.flushScope();
  }

  @Override
  public boolean probeTurn(long nowMillis, long staleAfterMillis) {
    boolean turn = inner.probeTurn(nowMillis, staleAfterMillis);
    prober = turn;
    return turn;
  }

  @Override
  public void probing(long nowMillis) {
    inner.probing(nowMillis);
  }

  @Override
  public String describe() {
    long copy = lastCopyMillis;
    return inner.describe() + "; cluster record every " + syncMillis + " ms, "
        + (!prober ? "read by the host's prober" : copy == 0 ? "not read yet" : "read " + (clock.millis() - copy)
            + " ms ago");
  }

  @Override
  public long returnSettleMillis() {
    return settleMillis;
  }

  @Override
  public long recordReads() {
    return reads.get();
  }

  @Override
  public long recordWrites() {
    return writes.get();
  }

  @Override
  public long adoptedFromRecord() {
    return adopted.get();
  }

  @Override
  public long flushTakeovers() {
    return takeovers.get();
  }

  @Override
  public void close() {
    syncer.shutdownNow();
    try {
      syncer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    inner.close();
  }

  /** What the record says now, as this process knows it (for tests and operators). */
  synchronized LivenessRecord known() {
    return known;
  }

  /** Runs on the sync thread: a round every sync interval, and at once after a transition of this host. */
  private void tick() {
    try {
      if (!prober) {
        return;
      }
      ClusterView view = inner.current();
      long now = clock.millis();
      boolean transition;
      synchronized (this) {
        transition = lastTicked != null && (!lastTicked.deadNodes().equals(view.deadNodes())
            || !lastTicked.returningNodes().equals(view.returningNodes()));
        lastTicked = view;
        if (!transition && now - lastRoundMillis < syncMillis) {
          return;
        }
        lastRoundMillis = now;
      }
      round();
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "mcjcache: a cluster record round failed", e);
    }
  }

  /** A round, waited for (at most two operation timeouts): used around a flush, off the sync thread. */
  private void awaitRound() {
    try {
      round().get(waitMillis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      // a node that did not answer in time: the copies that did were handled
    }
  }

  /**
   * Reads the record from every node the view holds alive that is not being read already; each copy is
   * handled on the sync thread as it arrives. Completes when every copy was handled and written back.
   */
  private CompletableFuture<Void> round() {
    ClusterView view = inner.current();
    List<CompletableFuture<?>> pending = new ArrayList<>();
    for (int node = 0; node < nodeCount; node++) {
      if (!view.isAlive(node)) {
        continue;
      }
      synchronized (this) {
        if (reading[node]) {
          continue;
        }
        reading[node] = true;
      }
      int from = node;
      CompletableFuture<NodeAccess.Stored> copy;
      try {
        copy = access.gets(node, recordKey);
      } catch (RuntimeException e) {
        copy = CompletableFuture.failedFuture(e);
      }
      try {
        pending.add(copy.handleAsync((stored, failure) -> arrived(from, stored, failure), syncer)
            .thenCompose(write -> write));
      } catch (RejectedExecutionException closed) {
        return CompletableFuture.completedFuture(null);
      }
    }
    return CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new));
  }

  /** One node's copy (or its failure): merged, taken into the view, and written back if behind. */
  private synchronized CompletableFuture<?> arrived(int node, NodeAccess.Stored copy, Throwable failure) {
    reading[node] = false;
    if (failure != null) {
      return CompletableFuture.completedFuture(null); // the node's health is the traffic's and the probes' business
    }
    reads.incrementAndGet();
    lastCopyMillis = clock.millis();
    LivenessRecord theirs = null;
    boolean writable = true;
    if (copy != null) {
      try {
        theirs = LivenessRecord.decode(copy.value(), nodeCount, cluster);
      } catch (LivenessRecord.BadRecordException e) {
        writable = !e.foreign();
        warnOnce(e.getMessage(), "mcjcache: the cluster record " + recordKey + " on node " + node + " is not usable ("
            + e.getMessage() + "); " + (writable ? "it is replaced" : "it is left alone and not read"));
      }
    }
    known = settle(theirs == null ? known : known.merge(theirs));
    if (!writable || known.equals(theirs)) {
      return CompletableFuture.completedFuture(null);
    }
    byte[] bytes = known.encode(cluster);
    writes.incrementAndGet();
    try {
      CompletableFuture<Boolean> write = copy == null
          ? access.add(node, recordKey, 0, bytes)
          : access.cas(node, recordKey, copy.cas(), 0, bytes);
      // Lost to another writer (it changed or vanished since the read): the next round merges again.
      return write.handle((stored, writeFailure) -> null);
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(null);
    }
  }

  /**
   * Per node, what this process knew ({@link #known}), what the record says now ({@code merged}) and
   * what the view says decide the node's entry: a transition only the record knows is taken into the
   * view; one only the view knows is published with the next epoch; when both changed, they agree, or a
   * failure seen here since the last round is published over what was seen elsewhere (the safe side), or
   * what was seen elsewhere is taken in.
   */
  private LivenessRecord settle(LivenessRecord merged) {
    ClusterView view = inner.current();
    LivenessRecord next = known;
    for (int i = 0; i < nodeCount; i++) {
      LivenessRecord.State here = stateOf(view, i);
      boolean changedHere = here != known.state(i);
      boolean changedThere = merged.epoch(i) > known.epoch(i);
      if (!changedHere && !changedThere) {
        continue;
      }
      if (!changedThere) {
        next = next.with(i, known.epoch(i) + 1, here);
      } else if (merged.state(i) == here) {
        next = next.with(i, merged.epoch(i), here);
      } else if (changedHere && here == LivenessRecord.State.DEAD) {
        next = next.with(i, merged.epoch(i) + 1, here);
      } else {
        adopt(i, merged.state(i));
        next = next.with(i, merged.epoch(i), merged.state(i));
      }
    }
    return next;
  }

  private static LivenessRecord.State stateOf(ClusterView view, int node) {
    return view.isAlive(node) ? LivenessRecord.State.ALIVE
        : view.isReturning(node) ? LivenessRecord.State.RETURNING : LivenessRecord.State.DEAD;
  }

  private void adopt(int node, LivenessRecord.State state) {
    long now = clock.millis();
    switch (state) {
      case DEAD -> {
        inner.update(v -> v.isAlive(node) || v.isReturning(node) ? v.nodeDown(node, now) : v);
        LOG.log(System.Logger.Level.INFO, "mcjcache: node {0} is dead (published by another host)", node);
      }
      case RETURNING -> {
        inner.update(v -> v.isReturning(node) ? v : v.nodeReturning(node, now));
        LOG.log(System.Logger.Level.INFO, "mcjcache: node {0} is returning (flushed by another host)", node);
      }
      case ALIVE -> {
        inner.update(v -> v.isAlive(node) ? v : v.nodeUp(node, now));
        LOG.log(System.Logger.Level.INFO, "mcjcache: node {0} is back (flushed by another host)", node);
      }
      default -> throw new IllegalStateException("unknown state " + state);
    }
    adopted.incrementAndGet();
  }

  private void warnOnce(String reason, String message) {
    if (warned.add(reason)) {
      LOG.log(System.Logger.Level.WARNING, message);
    }
  }
}
