package io.mcjcache.cluster;

import io.mcjcache.health.HealthMonitor;
import io.mcjcache.routing.ClusterView;
import io.mcjcache.routing.DownEpisode;
import io.mcjcache.routing.NodeList;
import io.mcjcache.routing.Router;
import io.mcjcache.transport.MemcachedTransport;
import io.mcjcache.transport.NodeFailureException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Closes the down episodes of a node that came back: walks every other live node's keys, moves each
 * diverted copy of a key the returning node holds back to it ({@code add}, so a newer value there always
 * wins) and deletes the copy where it was. Until this is done the router keeps reading fallbacks and
 * deleting diverted copies on writes; afterwards those copies can never be served again, even if the
 * same node fails a second time and the same rehash target is chosen again.
 *
 * <p>Runs on one background thread, one node at a time, so that a burst of returns cannot flood the
 * servers with listings.
 */
final class EpisodeCloser implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(EpisodeCloser.class.getName());
  /** Walks per attempt before giving up for now; each finds fewer stragglers than the one before. */
  private static final int MAX_PASSES = 5;
  private static final long RETRY_DELAY_MS = 1_000;
  /** Longer than any operation may take (each is bounded by op timeouts); past it, retry later. */
  private static final Duration STRAGGLER_PATIENCE = Duration.ofSeconds(30);

  private final Router router;
  private final MemcachedTransport transport;
  private final HealthMonitor health;
  private final RouterFigures figures;
  private final InFlightOperations inFlight;
  private final String prefix;
  private final ScheduledExecutorService worker;
  private final PlanExecution execution;

  EpisodeCloser(PlanExecution execution, String prefix) {
    this.router = execution.router();
    this.transport = execution.transport();
    this.health = execution.health();
    this.figures = execution.figures();
    this.inFlight = execution.inFlight();
    this.prefix = prefix;
    this.execution = execution;
    this.worker = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "mcjcache-episode-closer");
      thread.setDaemon(true);
      return thread;
    });
  }

  /** Schedules the closing of {@code node}'s ended episodes. */
  void nodeReturned(int node) {
    worker.execute(() -> closeEpisodes(node));
  }

  private void closeEpisodes(int node) {
    ClusterView view = health.view();
    List<DownEpisode> ended = new ArrayList<>();
    for (DownEpisode episode : view.episodes(node)) {
      if (!episode.isOpen()) {
        ended.add(episode);
      }
    }
    if (ended.isEmpty() || !view.isAlive(node)) {
      return;
    }
    boolean clean;
    try {
      // Operations planned while the node was dead may still be writing its diverted copies: let them
      // finish before copying anything home, or a copy could be superseded behind the walk's back.
      clean = awaitStragglers() && awaitOtherProcesses(node) && walk(node);
    } catch (NodeFailureException e) {
      LOG.log(System.Logger.Level.WARNING, "mcjcache: closing the episodes of node " + node
          + " stopped: node " + e.node() + " failed; retrying in " + RETRY_DELAY_MS + " ms", e);
      clean = false;
    }
    if (!clean) {
      // The episodes stay open (reads keep falling back, writes keep deleting diverted copies) until a
      // walk is complete or the recovery window closes them.
      worker.schedule(() -> closeEpisodes(node), RETRY_DELAY_MS, TimeUnit.MILLISECONDS);
      return;
    }
    if (!health.view().isAlive(node)) {
      return;
    }
    for (DownEpisode episode : ended) {
      health.episodeClosed(node, episode.id());
    }
    LOG.log(System.Logger.Level.INFO, "mcjcache: node {0} recovered; {1} episode(s) closed", node, ended.size());
  }

  /**
   * Other processes sharing the view (the host's liveness file) may still be writing diverted copies too,
   * and this process cannot count their operations: the walk starts once operations planned while the
   * node was dead have ended (PlanExecution.copiesHomeFrom), so that a copy moved home can no longer be
   * superseded behind the walk's back.
   */
  private boolean awaitOtherProcesses(int node) {
    long wait = execution.copiesHomeFrom(health.view(), node) - System.currentTimeMillis();
    if (wait <= 0) {
      return true;
    }
    try {
      Thread.sleep(wait);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private boolean awaitStragglers() {
    try {
      return inFlight.awaitOlderOperations(STRAGGLER_PATIENCE);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Walks every other live node until a pass finds no diverted copy of the node's keys: a key listing
   * is an unlocked walk that can miss items, and a copy it missed would survive the episode and could
   * be served after a later failure. Mirror copies are copied home on the first pass only (missing one
   * costs a miss, never a stale read).
   *
   * @return whether the last pass was clean
   */
  private boolean walk(int node) {
    long moved = 0;
    try {
      for (int pass = 0; pass < MAX_PASSES; pass++) {
        long diverted = 0;
        ClusterView view = health.view();
        for (int other = 0; other < view.nodeCount(); other++) {
          if (other != node && view.isAlive(other)) {
            Moved result = moveHome(node, other, pass == 0);
            diverted += result.diverted();
            moved += result.copied();
          }
        }
        if (diverted == 0) {
          return true;
        }
      }
      return false;
    } finally {
      figures.recordMigratedKeys(moved);
    }
  }

  /** What one source gave: diverted copies found (moved and deleted), and copies added to the node. */
  private record Moved(long diverted, long copied) {}

  /**
   * Brings {@code node} every key it should hold that {@code source} has: a diverted copy (the source is
   * not a holder) is moved, a mirror copy (the source is the partner) is copied, so that the node
   * serves everything on its own once its episodes are closed. Always with {@code add}: a value written
   * to the node meanwhile, or a tombstone of a removal, wins.
   */
  private Moved moveHome(int node, int source, boolean copyMirrored) {
    List<String> diverted = new ArrayList<>();
    List<String> mirrored = new ArrayList<>();
    ClusterView view = health.view();
    transport.listKeys(source, prefix, key -> {
      NodeList holders = router.holders(RoutedClusterStore.bytes(key), view);
      if (holders.contains(node)) {
        (holders.contains(source) ? mirrored : diverted).add(key);
      }
    });
    long copied = copy(source, node, diverted) + (copyMirrored ? copy(source, node, mirrored) : 0);
    for (String key : diverted) {
      transport.delete(source, key);
    }
    return new Moved(diverted.size(), copied);
  }

  private long copy(int source, int node, List<String> keys) {
    long copied = 0;
    for (List<String> chunk : ClusterStore.chunks(keys)) {
      Map<String, byte[]> values = transport.getMulti(source, chunk);
      List<CompletableFuture<Boolean>> adds = new ArrayList<>(values.size());
      for (Map.Entry<String, byte[]> entry : values.entrySet()) {
        byte[] value = entry.getValue();
        int exptime = execution.copyExptime(value);
        if (exptime >= 0) {
          adds.add(transport.addAsync(node, entry.getKey(), exptime, value));
        }
      }
      for (CompletableFuture<Boolean> add : adds) {
        if (Replies.await(add)) {
          copied++;
        }
      }
    }
    return copied;
  }

  @Override
  public void close() {
    worker.shutdownNow();
    try {
      worker.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
