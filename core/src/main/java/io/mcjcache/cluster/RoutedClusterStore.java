package io.mcjcache.cluster;

import io.mcjcache.config.ClusterSettings;
import io.mcjcache.health.HealthMonitor;
import io.mcjcache.routing.ClusterView;
import io.mcjcache.routing.ReadPlan;
import io.mcjcache.routing.Router;
import io.mcjcache.routing.WritePlan;
import io.mcjcache.transport.Item;
import io.mcjcache.transport.MemcachedTransport;
import io.mcjcache.transport.NodeFailureException;
import io.mcjcache.transport.Reply;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The executor: carries the router's plans out over the transport. For each key it asks the router
 * which nodes to touch under the current liveness view, does exactly that, and reports every node
 * failure to health (which may publish a new view; writes then re-plan once per node lost).
 *
 * <p>Three rules keep reads honest (README guarantee 3):
 * <ul>
 *   <li>a write that fails on a node kills that node at once (it may hold a superseded value now);
 *   <li>a removal on a recovering node leaves a short-lived tombstone instead of nothing, so that a
 *       concurrent read repair or key move ({@code add}) cannot bring the old value back;
 *   <li>a tombstone found by a read is an authoritative "removed": the read does not fall back.
 * </ul>
 */
public final class RoutedClusterStore implements ClusterStore {
  private final PlanExecution execution;
  private final Router router;
  private final MemcachedTransport transport;
  private final HealthMonitor health;
  private final RouterFigures figures;
  private final OwnerUpdate ownerUpdate;
  private final InFlightOperations inFlight;
  private final int itemSizeLimit;
  private final Runnable onClose;

  private final KeyTurns turns;

  /**
   * @param namespace names this store's lease keys ({@link OwnerLease}), which every client of the
   *     namespace must agree on
   */
  RoutedClusterStore(PlanExecution execution, String namespace, Duration opTimeout, int itemSizeLimit,
      Runnable onClose) {
    this.execution = execution;
    this.router = execution.router();
    this.transport = execution.transport();
    this.health = execution.health();
    this.figures = execution.figures();
    OwnerLease lease = new OwnerLease(execution, namespace, opTimeout);
    this.turns = new KeyTurns(lease);
    this.ownerUpdate = new OwnerUpdate(execution, turns, lease);
    this.inFlight = execution.inFlight();
    this.itemSizeLimit = itemSizeLimit;
    this.onClose = onClose;
  }

  /**
   * Connects to the configured servers and starts health checking. {@code expiry} tells the store how
   * long a copy it moves between nodes may live (it only sees bytes).
   */
  public static RoutedClusterStore open(ClusterSettings settings, ValueExpiry expiry) {
    return StoreWiring.open(settings, expiry, false);
  }

  /**
   * The store of the host's agent ({@code ./mcjcache agent}): like {@link #open}, and it takes the probing
   * of the cluster over from the application processes that share the host's liveness file.
   */
  public static RoutedClusterStore openAgent(ClusterSettings settings, ValueExpiry expiry) {
    return StoreWiring.open(settings, expiry, true);
  }

  /** The router's counters for operators. */
  public RouterFigures figures() {
    return figures;
  }

  /** The pure router this store plans with (read-only: placement questions, never I/O). */
  public Router router() {
    return router;
  }

  /** The liveness view operations use right now. */
  public ClusterView view() {
    return health.view();
  }

  @Override
  public boolean isUnavailable() {
    return health.view().allDown();
  }

  @Override
  public int itemSizeLimit() {
    return itemSizeLimit;
  }

  // ---------------------------------------------------------------- reads

  @Override
  public byte[] get(String key) {
    int ticket = inFlight.enter();
    try {
      return read(key);
    } finally {
      inFlight.exit(ticket);
    }
  }

  private byte[] read(String key) {
    figures.operations.increment();
    byte[] keyBytes = bytes(key);
    ReadPlan plan = router.planRead(keyBytes, health.view());
    if (plan.allDown()) {
      allDown("read");
      return null;
    }
    ReadCursor cursor = new ReadCursor(key, plan, router.home(keyBytes));
    while (true) {
      int node = cursor.node();
      byte[] value;
      try {
        value = transport.get(node, key);
        health.observeSuccess(node);
      } catch (NodeFailureException e) {
        readFailure(node);
        if (cursor.failed()) {
          continue;
        }
        return null;
      }
      if (value != null) {
        return served(cursor, value);
      }
      if (!cursor.missed()) {
        return null;
      }
    }
  }

  @Override
  public Map<String, byte[]> getAll(Collection<String> keys) {
    int ticket = inFlight.enter();
    try {
      return readAll(keys);
    } finally {
      inFlight.exit(ticket);
    }
  }

  private Map<String, byte[]> readAll(Collection<String> keys) {
    figures.operations.add(keys.size());
    ClusterView view = health.view();
    Map<String, byte[]> hits = new HashMap<>(Math.max(16, keys.size() * 2)); // twice the keys: never resized
    List<ReadCursor> active = new ArrayList<>(keys.size());
    for (String key : keys) {
      byte[] keyBytes = bytes(key);
      ReadPlan plan = router.planRead(keyBytes, view);
      if (plan.allDown()) {
        allDown("read");
        return hits;
      }
      active.add(new ReadCursor(key, plan, router.home(keyBytes)));
    }
    // A batch is one operation: a node that fails several of its chunks counts one failure, so that a
    // single slow batch cannot use up a healthy node's whole failuresToDead at once.
    boolean[] failed = new boolean[router.settings().nodeCount()];
    while (!active.isEmpty()) {
      // One multi-get per node and chunk: a chunk bounds what one request (and its timeout) covers.
      List<List<ReadCursor>> byNode = new ArrayList<>(failed.length);
      for (int node = 0; node < failed.length; node++) {
        byNode.add(null);
      }
      for (ReadCursor cursor : active) {
        List<ReadCursor> cursors = byNode.get(cursor.node());
        if (cursors == null) {
          cursors = new ArrayList<>(active.size());
          byNode.set(cursor.node(), cursors);
        }
        cursors.add(cursor);
      }
      List<List<ReadCursor>> chunks = new ArrayList<>();
      List<Reply<Map<String, byte[]>>> replies = new ArrayList<>();
      for (int node = 0; node < failed.length; node++) {
        if (byNode.get(node) == null) {
          continue;
        }
        for (List<ReadCursor> chunk : ClusterStore.chunks(byNode.get(node))) {
          List<String> chunkKeys = new ArrayList<>(chunk.size());
          for (ReadCursor cursor : chunk) {
            chunkKeys.add(cursor.key);
          }
          chunks.add(chunk);
          replies.add(transport.sendGetMulti(node, chunkKeys));
        }
      }
      List<ReadCursor> next = new ArrayList<>();
      for (int i = 0; i < chunks.size(); i++) {
        List<ReadCursor> chunk = chunks.get(i);
        int node = chunk.get(0).node();
        Map<String, byte[]> found;
        try {
          found = replies.get(i).await();
          health.observeSuccess(node);
        } catch (NodeFailureException e) {
          if (!failed[node]) {
            failed[node] = true;
            readFailure(node);
          }
          for (ReadCursor cursor : chunk) {
            if (cursor.failed()) {
              next.add(cursor);
            }
          }
          continue;
        }
        for (ReadCursor cursor : chunk) {
          byte[] value = found.get(cursor.key);
          if (value != null) {
            byte[] served = served(cursor, value);
            if (served != null) {
              hits.put(cursor.key, served);
            }
          } else if (cursor.missed()) {
            next.add(cursor);
          }
        }
      }
      active = next;
    }
    return hits;
  }

  /** A hit at the cursor's node: tombstones mean removed; fallback hits are repaired first. */
  private byte[] served(ReadCursor cursor, byte[] value) {
    if (!cursor.atHome()) {
      figures.failovers.increment();
    }
    if (Tombstones.isTombstone(value)) {
      return null;
    }
    if (cursor.isFallback()) {
      figures.fallbackHits.increment();
      int target = cursor.repairTarget();
      if (target >= 0) {
        repair(target, cursor.key, value);
      }
    }
    return value;
  }

  /**
   * Copies a fallback hit to the recovering node with {@code add}: it never overwrites a newer value. Not
   * while operations planned before the node's return may still be running (PlanExecution.copiesHomeFrom):
   * the hit is served, the copy is left to a later read or the episode walk.
   */
  private void repair(int node, String key, byte[] value) {
    if (System.currentTimeMillis() < execution.copiesHomeFrom(health.view(), node)) {
      return;
    }
    int exptime = execution.copyExptime(value);
    if (exptime < 0) {
      return;
    }
    try {
      if (transport.add(node, key, exptime, value)) {
        figures.readRepairs.increment();
      }
      health.observeSuccess(node);
    } catch (NodeFailureException e) {
      // The value came from a current copy, so a half-done add cannot make anything stale.
      readFailure(node);
    }
  }

  // ---------------------------------------------------------------- writes

  @Override
  public void put(String key, byte[] value, int exptime) {
    requireValue(value);
    figures.operations.increment();
    int ticket = inFlight.enter();
    try {
      write(key, value, exptime, false);
    } finally {
      inFlight.exit(ticket);
    }
  }

  @Override
  public void putAll(Map<String, StoreItem> items) {
    figures.operations.add(items.size());
    Map<String, Item> batch = new LinkedHashMap<>(items.size() * 2);
    items.forEach((key, item) -> batch.put(key, new Item(item.exptime(), item.value())));
    int ticket = inFlight.enter();
    try {
      writeBatch(batch, false);
    } finally {
      inFlight.exit(ticket);
    }
  }

  @Override
  public boolean delete(String key) {
    figures.operations.increment();
    int ticket = inFlight.enter();
    try {
      return write(key, null, 0, true);
    } finally {
      inFlight.exit(ticket);
    }
  }

  @Override
  public void deleteAll(Collection<String> keys) {
    figures.operations.add(keys.size());
    Map<String, Item> batch = new LinkedHashMap<>(keys.size() * 2);
    keys.forEach(key -> batch.put(key, null));
    int ticket = inFlight.enter();
    try {
      writeBatch(batch, true);
    } finally {
      inFlight.exit(ticket);
    }
  }

  /** Many keys at once, one pipelined request per node; keys hit by a node failure are redone one by one. */
  private void writeBatch(Map<String, Item> items, boolean removal) {
    if (items.isEmpty()) {
      return;
    }
    ClusterView view = health.view();
    if (view.allDown()) {
      allDown(removal ? "delete" : "write");
      figures.droppedWrites.add(items.size());
      return;
    }
    BatchWrite batch = BatchWrite.send(router, transport, view, items, removal);
    figures.rehashes.add(batch.rehashedCount());
    Set<String> retry = batch.settle(execution);
    for (String key : retry) {
      Item item = items.get(key);
      write(key, removal ? null : item.value(), removal ? 0 : item.exptime(), removal);
    }
  }

  /**
   * Writes (or removes) every copy the plan names and deletes the copies it makes stale. When a node
   * fails, health declares it dead, and the write is planned again so that the key still gets its
   * copies on live nodes: at most one round per node.
   *
   * @return for removals, whether some copy existed (best effort: a tombstone cannot tell)
   */
  private boolean write(String key, byte[] value, int exptime, boolean removal) {
    byte[] keyBytes = bytes(key);
    for (int round = 0; round <= router.settings().nodeCount(); round++) {
      ClusterView view = health.view();
      WritePlan plan = router.planWrite(keyBytes, view);
      if (plan.allDown()) {
        allDown(removal ? "delete" : "write");
        figures.droppedWrites.increment();
        return false;
      }
      if (!plan.targets().isEmpty() && plan.targets().first() != router.home(keyBytes)) {
        figures.rehashes.increment();
      }
      PendingWrite write = PendingWrite.start(transport, key, value, exptime, removal, plan, view);
      if (execution.settle(write.requests)) {
        return write.existed();
      }
    }
    throw new StoreException("mcjcache: could not write '" + key + "': nodes kept failing while it was retried");
  }

  // ---------------------------------------------------------------- atomic read-modify-write

  @Override
  public <R> R update(String key, Mutation<R> mutation) {
    figures.operations.increment();
    int ticket = inFlight.enter();
    try {
      return ownerUpdate.update(key, mutation);
    } finally {
      inFlight.exit(ticket);
    }
  }

  @Override
  public KeyClaim claim(String key) {
    return turns.claim(key);
  }

  // ---------------------------------------------------------------- listing

  @Override
  public void forEachKey(String prefix, Consumer<String> sink) {
    ClusterView view = health.view();
    if (view.allDown()) {
      allDown("list keys");
      return;
    }
    Set<String> seen = new HashSet<>();
    for (int node = 0; node < view.nodeCount(); node++) {
      if (!view.isAlive(node)) {
        continue;
      }
      try {
        transport.listKeys(node, prefix, key -> {
          if (seen.add(key)) {
            sink.accept(key);
          }
        });
        health.observeSuccess(node);
      } catch (NodeFailureException e) {
        readFailure(node);
      }
    }
  }

  @Override
  public void close() {
    onClose.run();
  }

  @Override
  public String toString() {
    return "RoutedClusterStore[" + router + ", " + figures + "]";
  }

  // ---------------------------------------------------------------- helpers

  private void readFailure(int node) {
    execution.readFailure(node);
  }

  private void allDown(String what) {
    execution.allDown(what);
  }

  private static void requireValue(byte[] value) {
    if (value == null || value.length == 0) {
      throw new IllegalArgumentException("a stored value must be non-empty (empty values are tombstones)");
    }
  }

  static byte[] bytes(String key) {
    return key.getBytes(StandardCharsets.US_ASCII);
  }
}
