package io.mcjcache.near;

import io.mcjcache.cluster.ClusterStore;
import io.mcjcache.near.NearCache.Held;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Fetches held items that are due for a refresh, in the background and in batches: the readers that
 * found them due have already been answered from the near cache, and one {@code getAll} per batch costs
 * one request per node however many keys a busy cache has due at once.
 *
 * <p>Batches are gathered on purpose: a drain starts a short while after the first refresh of a batch
 * became due (the executor given here delays it; {@link #coalescing(long)}), so that on a busy cache the
 * refreshes due meanwhile go out together instead of one round trip each. A due item still has a quarter of
 * its {@code ttlMs} to live, so a delay of a tenth of it (at most 20 ms) never lets an item expire for
 * want of a refresh.
 *
 * <p>Everything here may be dropped without harm: a refresh that is not queued (queue full, executor
 * shut down), fails or finds the servers unavailable leaves the held item to expire after its
 * {@code ttlMs} as it would without refresh ahead, and the next read fetches it. One drain runs at a time
 * per near cache.
 */
final class RefreshAhead implements NearCache.DueForRefresh {
  private static final Logger LOG = Logger.getLogger(RefreshAhead.class.getName());
  /** Keys per background {@code getAll}: the store's window for one request per node. */
  static final int BATCH = ClusterStore.KEYS_PER_REQUEST;
  /** Refreshes waiting at most; past that, due items simply expire. */
  private static final int QUEUE_CAPACITY = 10_000;

  private final ClusterStore servers;
  private final NearCache near;
  private final Executor background;
  private final LongConsumer fetched;
  private final BlockingQueue<Due> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
  private final AtomicBoolean draining = new AtomicBoolean();
  private volatile boolean closed;

  /**
   * How long a drain waits for more due refreshes to join its batch: a tenth of the ttl, between 1 and
   * 20 ms.
   */
  static long coalescing(long ttlMs) {
    return Math.max(1, Math.min(20, ttlMs / 10));
  }

  /**
   * @param background runs drains; it should delay them by {@link #coalescing} (tests run them by hand)
   * @param fetched told how many keys each background {@code getAll} asked for
   */
  RefreshAhead(ClusterStore servers, NearCache near, Executor background, LongConsumer fetched) {
    this.servers = servers;
    this.near = near;
    this.background = background;
    this.fetched = fetched;
  }

  @Override
  public void refresh(String key, Held held) {
    if (!closed && queue.offer(new Due(key, held))) {
      scheduleDrain();
    }
  }

  /**
   * Drops the refreshes not yet started; a drain in progress finishes its batch, which installs nothing
   * once the near cache is invalidated.
   */
  void close() {
    closed = true;
    queue.clear();
  }

  private void scheduleDrain() {
    if (queue.isEmpty() || !draining.compareAndSet(false, true)) {
      return;
    }
    try {
      background.execute(this::drain);
    } catch (RejectedExecutionException shutDown) {
      queue.clear();
      draining.set(false);
    }
  }

  private void drain() {
    try {
      List<Due> batch = new ArrayList<>(BATCH);
      while (!closed && queue.drainTo(batch, BATCH) > 0) {
        fetch(batch);
        batch.clear();
      }
    } finally {
      draining.set(false);
    }
    // A refresh queued after the last poll but before draining was cleared would wait for the next one.
    scheduleDrain();
  }

  private void fetch(List<Due> batch) {
    if (servers.isUnavailable()) {
      return;
    }
    Map<String, Held> byKey = new LinkedHashMap<>();
    batch.forEach(due -> byKey.put(due.key, due.held));
    Map<String, byte[]> found;
    fetched.accept(byKey.size());
    try {
      found = servers.getAll(byKey.keySet());
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, e, () -> "near cache: a background refresh of " + byKey.size()
          + " keys failed; they expire as usual");
      return;
    }
    byKey.forEach((key, held) -> near.refreshed(key, held, found.get(key)));
  }

  private record Due(String key, Held held) {}
}
