package io.mcjcache.health;

import io.mcjcache.routing.ClusterView;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Owns the cluster's liveness: counts failures from real traffic (passive), probes every node each
 * {@code probeInterval} (active), and publishes a new immutable {@link ClusterView} per transition, so
 * that every operation reads the current view without locking.
 *
 * <p>A node comes back through one door only, the probe thread, which first decides whether the node
 * restarted (fresh) or merely stopped answering for a while (it may hold superseded values); in the
 * second case, with {@code rejoin=flush}, our keys on it are deleted before it serves again. Nothing
 * here is a timer of spymemcached's: those are far too slow (docs/transport.md, "spymemcached settings,
 * and why").
 */
public final class HealthMonitor implements LivenessFigures, AutoCloseable {
  private static final System.Logger LOG = System.getLogger(HealthMonitor.class.getName());
  /** A flush that still finds keys after this many passes gives up and retries at the next probe. */
  private static final int MAX_FLUSH_PASSES = 20;
  /**
   * A prober whose sign of life (one before each node it probes) is older than this many probe intervals
   * plus {@link #PROBER_STALE_EXTRA_MS} is taken for hung, and the others probe again. The extra covers one
   * probe of a hung node, which waits its op timeout.
   */
  private static final int PROBER_STALE_INTERVALS = 5;
  private static final long PROBER_STALE_EXTRA_MS = 2_000;
  /** Marks a returning node that holds no flush turn (it restarted, so nothing was flushed). */
  private static final ViewSource.FlushTurn NO_TURN = () -> {};

  private final HealthSettings settings;
  private final NodeAccess access;
  private final HealthListener listener;
  private final Clock clock;
  private final NodeHealth[] nodes;
  private final Instant[] since;
  private final ViewSource views;
  private final ScheduledExecutorService prober;
  /** Per node, while it is returning: the flush turn held until it is back (probe thread only). */
  private final ViewSource.FlushTurn[] settling;
  private final AtomicLong probeRounds = new AtomicLong();
  private final AtomicLong adoptedTransitions = new AtomicLong();

  public HealthMonitor(HealthSettings settings, NodeAccess access, HealthListener listener, Clock clock) {
    this(settings, access, listener, clock, new OwnView(ClusterView.allAlive(settings.nodeCount())));
  }

  /**
   * @param views where the view lives: this monitor's own, or the one the host's processes share
   *     ({@link HostView}); the monitor closes it
   */
  public HealthMonitor(HealthSettings settings, NodeAccess access, HealthListener listener, Clock clock,
      ViewSource views) {
    this.settings = settings;
    this.access = access;
    this.listener = listener;
    this.clock = clock;
    this.nodes = new NodeHealth[settings.nodeCount()];
    this.since = new Instant[settings.nodeCount()];
    for (int i = 0; i < nodes.length; i++) {
      nodes[i] = new NodeHealth(settings.failuresToDead(), settings.successesToAlive());
      since[i] = clock.instant();
    }
    this.views = views;
    this.settling = new ViewSource.FlushTurn[settings.nodeCount()];
    this.prober = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "mcjcache-health");
      thread.setDaemon(true);
      return thread;
    });
  }

  /** Starts probing; the first round runs at once so that a dead node is known early. */
  public HealthMonitor start() {
    long periodMs = settings.probeInterval().toMillis();
    prober.scheduleWithFixedDelay(this::probeRound, 0, periodMs, TimeUnit.MILLISECONDS);
    return this;
  }

  /** The current view: read it once per operation. */
  public ClusterView view() {
    return views.current();
  }

  /** Where the view comes from: {@code own} or the host's file. */
  @Override
  public String viewSource() {
    return views.describe();
  }

  /** A request to a live node succeeded. */
  public void observeSuccess(int node) {
    nodes[node].trafficSuccess();
  }

  /** A read (or other idempotent request) failed or timed out. */
  public void observeFailure(int node) {
    adoptShared(node, null);
    listener.nodeFailure(node);
    apply(node, nodes[node].failure());
  }

  /**
   * A write failed or timed out: the node may now hold a superseded value, so it is dead at once. A node
   * that another process brought back, before this one took that over, counts as alive here: otherwise
   * this failure would not reach the shared view and the node would go on serving what this write missed.
   */
  public void observeWriteFailure(int node) {
    if (views.current().isReturning(node)) {
      // A delete on a returning node failed: it may keep a copy that a later write superseded.
      views.update(v -> v.isReturning(node) ? v.nodeDown(node, clock.millis()) : v);
      LOG.log(System.Logger.Level.INFO, "mcjcache: node {0} failed while returning; it stays dead", node);
    }
    adoptShared(node, null);
    listener.nodeFailure(node);
    apply(node, nodes[node].writeFailure());
  }

  /** Closes an episode whose diverted copies were moved back (by the cluster layer). */
  public void episodeClosed(int node, long episodeId) {
    views.update(v -> v.isAlive(node) ? v.episodeClosed(node, episodeId) : v);
  }

  /** One line per node, for operators. */
  @Override
  public List<String> nodeStates() {
    ClusterView current = views.current();
    List<String> lines = new ArrayList<>(nodes.length);
    for (int i = 0; i < nodes.length; i++) {
      lines.add(i + " " + current.status(i) + " since=" + since[i]);
    }
    return lines;
  }

  @Override
  public void close() {
    prober.shutdownNow();
    try {
      prober.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (ViewSource.FlushTurn turn : settling) {
      if (turn != null && turn != NO_TURN) {
        turn.close(); // a return cut short: the node stays returning, and the next flusher takes over
      }
    }
    views.close();
  }

  /** Node deaths and returns taken over from what other processes published. */
  @Override
  public long adoptedTransitions() {
    return adoptedTransitions.get();
  }

  /** Copies of the cluster record read, copies written, and transitions taken from it: see {@link ViewSource}. */
  @Override
  public long recordReads() {
    return views.recordReads();
  }

  @Override
  public long recordWrites() {
    return views.recordWrites();
  }

  @Override
  public long adoptedFromRecord() {
    return views.adoptedFromRecord();
  }

  @Override
  public long flushTakeovers() {
    return views.flushTakeovers();
  }

  /** How many rounds this monitor probed the nodes itself (not counting rounds left to the host's prober). */
  @Override
  public long probeRounds() {
    return probeRounds.get();
  }

  /** One round of the prober (the scheduled task; tests drive it directly through this seam). */
  void probeRound() {
    try {
      long interval = settings.probeInterval().toMillis();
      if (!views.probeTurn(clock.millis(), PROBER_STALE_INTERVALS * interval + PROBER_STALE_EXTRA_MS)) {
        followShared();
        return;
      }
      probeRounds.incrementAndGet();
      for (int node = 0; node < nodes.length; node++) {
        views.probing(clock.millis());
        probe(node);
      }
      long cutoff = clock.millis() - settings.recoveryWindow().toMillis();
      ClusterView current = views.current();
      if (current.closeEpisodesEndedBefore(cutoff) != current) {
        views.update(v -> v.closeEpisodesEndedBefore(cutoff));
      }
    } catch (RuntimeException e) {
      // Never let one bad round kill the scheduled task: liveness must keep running.
      LOG.log(System.Logger.Level.WARNING, "mcjcache health probe round failed", e);
    }
  }

  private void probe(int node) {
    if (settling[node] != null) {
      return; // returning: completeReturn checks it once every host had time to see that
    }
    ServerIdentity identity;
    try {
      identity = ServerIdentity.fromStats(access.stats(node));
    } catch (RuntimeException e) {
      listener.nodeFailure(node);
      apply(node, nodes[node].failure());
      return;
    }
    if (adoptShared(node, identity)) {
      return;
    }
    NodeHealth.Transition transition = nodes[node].probeSuccess(identity);
    switch (transition) {
      case REJOIN_FRESH -> {
        if (!returnAfterSettling(node, null)) {
          rejoin(node, identity);
        }
      }
      case REJOIN_NEEDS_FLUSH -> flushAndRejoin(node, identity);
      default -> {}
    }
  }

  /** A round left to the host's prober: take over what it published, without probing. */
  private void followShared() {
    for (int node = 0; node < nodes.length; node++) {
      adoptShared(node, null);
    }
  }

  /**
   * Follows what other processes published about the node: dead there means dead here (its rejoin goes
   * through the host's prober and a flush as usual); alive there while dead here means another process
   * brought it back, after its own flush, so this process takes it back without flushing again (a second
   * flush would drop what the others wrote since). Returns true when the node was taken back.
   *
   * @param identity what a probe of this process just saw, or null in a round left to the host's prober
   */
  private boolean adoptShared(int node, ServerIdentity identity) {
    boolean aliveInView = views.current().isAlive(node);
    boolean deadHere = nodes[node].isDead();
    if (!aliveInView && !deadHere) {
      nodes[node].adoptDead();
      since[node] = clock.instant();
      adoptedTransitions.incrementAndGet();
    } else if (aliveInView && deadHere) {
      adoptedTransitions.incrementAndGet();
      if (identity != null) {
        nodes[node].rejoined(identity);
      } else {
        nodes[node].adoptAlive();
      }
      since[node] = clock.instant();
      LOG.log(System.Logger.Level.INFO, "mcjcache: node {0} is back (taken back by another process)", node);
      return true;
    }
    return false;
  }

  /**
   * One flush per return: only the process holding the node's flush turn flushes; the others keep the
   * node dead until the flusher publishes it back (and then adopt it), or take the turn over if the
   * flusher died (the OS drops a dead process's lock).
   */
  private void flushAndRejoin(int node, ServerIdentity identity) {
    if (!settings.flushOnRejoin()) {
      rejoin(node, identity);
      return;
    }
    ViewSource.FlushTurn turn = views.tryFlushTurn(node);
    if (turn == null) {
      nodes[node].rejoinFailed();
      return;
    }
    boolean handedOver = false;
    try {
      if (views.current().isAlive(node)) {
        nodes[node].rejoined(identity); // brought back meanwhile by the process that held the turn before
        return;
      }
      LOG.log(System.Logger.Level.INFO, "mcjcache: node {0} returned without restarting; flushing its keys", node);
      if (!flush(node)) {
        nodes[node].rejoinFailed();
        return;
      }
      handedOver = returnAfterSettling(node, turn);
      if (!handedOver) {
        rejoin(node, identity);
      }
    } finally {
      if (!handedOver) {
        turn.close();
      }
    }
  }

  /**
   * Where other hosts share the view, a node coming back (flushed, or restarted empty) is returning first:
   * still dead everywhere, written around and only deleted from, until every host had time to see the
   * return; then {@link #completeReturn} takes it back if it still answers and no one found it dead again
   * meanwhile. Without that step a host that takes the node back before another would read the node's copy
   * of a key the other has since written around it (docs/operations.md, "Across hosts: the cluster
   * record"). The probe thread goes on probing the other nodes meanwhile.
   *
   * @param turn the flush turn to hold until then (null for a restarted node, which needs no flush)
   * @return false when no other host shares the view: the caller takes the node back at once
   */
  private boolean returnAfterSettling(int node, ViewSource.FlushTurn turn) {
    long settle = views.returnSettleMillis();
    if (settle <= 0) {
      return false;
    }
    views.update(v -> v.isAlive(node) ? v : v.nodeReturning(node, clock.millis()));
    LOG.log(System.Logger.Level.INFO, "mcjcache: node {0} is returning; back in {1} ms", node, settle);
    settling[node] = turn == null ? NO_TURN : turn;
    try {
      prober.schedule(() -> completeReturn(node), settle, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException closing) {
      settling[node] = null;
      if (turn != null) {
        turn.close();
      }
    }
    return true;
  }

  /** On the probe thread, a settle time after {@link #returnAfterSettling}: the return's second step. */
  private void completeReturn(int node) {
    ViewSource.FlushTurn turn = settling[node];
    settling[node] = null;
    try {
      ServerIdentity identity;
      try {
        identity = ServerIdentity.fromStats(access.stats(node));
      } catch (RuntimeException e) {
        views.update(v -> v.isReturning(node) ? v.nodeDown(node, clock.millis()) : v);
        nodes[node].rejoinFailed();
        return;
      }
      ClusterView view = views.current();
      if (view.isAlive(node)) {
        // Another host completed the same return (a restart each host saw for itself).
        nodes[node].rejoined(identity);
        since[node] = clock.instant();
      } else if (view.isReturning(node)) {
        rejoin(node, identity);
      } else {
        nodes[node].rejoinFailed(); // found dead again meanwhile: another flush at a later probe
      }
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "mcjcache: completing the return of node " + node + " failed", e);
    } finally {
      if (turn != null && turn != NO_TURN) {
        turn.close();
      }
    }
  }

  private void rejoin(int node, ServerIdentity identity) {
    nodes[node].rejoined(identity);
    since[node] = clock.instant();
    views.update(v -> v.nodeUp(node, clock.millis()));
    LOG.log(System.Logger.Level.INFO, "mcjcache: node {0} is back", node);
    listener.nodeUp(node);
  }

  private void apply(int node, NodeHealth.Transition transition) {
    if (transition == NodeHealth.Transition.MARK_DEAD) {
      since[node] = clock.instant();
      views.update(v -> v.nodeDown(node, clock.millis()));
      LOG.log(System.Logger.Level.INFO, "mcjcache: node {0} is dead", node);
      listener.nodeDown(node);
    }
  }

  /**
   * Deletes every key of ours on the node. A key listing is an unlocked walk that can miss items, so one
   * pass is never trusted: passes repeat until one finds nothing.
   */
  private boolean flush(int node) {
    long deleted = 0;
    try {
      for (int pass = 0; pass < MAX_FLUSH_PASSES; pass++) {
        views.probing(clock.millis()); // a long flush must not look like a hung prober
        Set<String> keys = new HashSet<>();
        access.listKeys(node, settings.flushPrefix(), keys::add);
        if (keys.isEmpty()) {
          listener.flushed(node, deleted);
          return true;
        }
        for (String key : keys) {
          if (access.delete(node, key)) {
            deleted++;
          }
        }
      }
      LOG.log(System.Logger.Level.WARNING, "mcjcache: node {0} still lists keys after {1} flush passes; "
          + "it stays dead until the next probe", node, MAX_FLUSH_PASSES);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "mcjcache: flushing node " + node + " failed; it stays dead", e);
    }
    listener.flushed(node, deleted);
    return false;
  }
}
