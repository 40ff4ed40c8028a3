package io.mcjcache.cluster;

import io.mcjcache.codec.KeyEncoder;
import io.mcjcache.config.AllDownPolicy;
import io.mcjcache.config.ClusterSettings;
import io.mcjcache.config.HashScheme;
import io.mcjcache.config.Mirroring;
import io.mcjcache.config.RejoinPolicy;
import io.mcjcache.config.ServerAddress;
import io.mcjcache.health.HealthListener;
import io.mcjcache.health.HealthMonitor;
import io.mcjcache.health.HealthSettings;
import io.mcjcache.routing.HashAlgorithm;
import io.mcjcache.routing.MirrorMode;
import io.mcjcache.routing.RoutingSettings;
import io.mcjcache.transport.TransportSettings;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import io.mcjcache.routing.AtomicPlan;
import io.mcjcache.routing.ClusterView;
import io.mcjcache.routing.NodeList;
import io.mcjcache.routing.ReadPlan;
import io.mcjcache.routing.Router;
import io.mcjcache.routing.WritePlan;
import io.mcjcache.transport.CasOutcome;
import io.mcjcache.transport.CasValue;
import io.mcjcache.transport.Item;
import io.mcjcache.transport.MemcachedTransport;
import io.mcjcache.transport.NodeFailureException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import javax.cache.CacheException;

/**
 * The executor: carries the router's plans out over the transport. For each key it asks the router
 * which nodes to touch under the current liveness view, does exactly that, and reports every node
 * failure to health (which may publish a new view; writes then re-plan once per node lost).
 *
 * <p>Three rules keep reads honest (DESIGN.md guarantee 3):
 * <ul>
 *   <li>a write that fails on a node kills that node at once (it may hold a superseded value now);
 *   <li>a removal on a recovering node leaves a short-lived tombstone instead of nothing, so that a
 *       concurrent read repair or key move ({@code add}) cannot bring the old value back;
 *   <li>a tombstone found by a read is an authoritative "removed": the read does not fall back.
 * </ul>
 */
public final class RoutedClusterStore implements ClusterStore {
  /** An empty value marks a removal; reads treat it as absent. */
  static final byte[] TOMBSTONE = new byte[0];
  /**
   * Long enough to outlive any repair or key move that read the old value before the removal (each is a
   * few operations bounded by the op timeout), short enough not to crowd the server.
   */
  static final int TOMBSTONE_EXPTIME = 30;
  private static final int MAX_CAS_ROUNDS = 10_000;

  private final Router router;
  private final MemcachedTransport transport;
  private final HealthMonitor health;
  private final ValueExpiry expiry;
  private final RouterFigures figures;
  private final boolean failWhenAllDown;
  private final int itemSizeLimit;
  private final Runnable onClose;

  RoutedClusterStore(Router router, MemcachedTransport transport, HealthMonitor health, ValueExpiry expiry,
      RouterFigures figures, boolean failWhenAllDown, int itemSizeLimit, Runnable onClose) {
    this.router = router;
    this.transport = transport;
    this.health = health;
    this.expiry = expiry;
    this.figures = figures;
    this.failWhenAllDown = failWhenAllDown;
    this.itemSizeLimit = itemSizeLimit;
    this.onClose = onClose;
  }

  /**
   * Connects to the configured servers and starts health checking. {@code expiry} tells the store how
   * long a copy it moves between nodes may live (it only sees bytes).
   */
  public static RoutedClusterStore open(ClusterSettings settings, ValueExpiry expiry) {
    int nodes = settings.servers().size();
    Router router = new Router(new RoutingSettings(nodes,
        settings.mirror() == Mirroring.PAIRS ? MirrorMode.PAIRS : MirrorMode.NONE,
        settings.hash() == HashScheme.JUMP ? HashAlgorithm.JUMP : HashAlgorithm.MODULO));
    List<InetSocketAddress> addresses = settings.servers().stream().map(ServerAddress::socketAddress).toList();
    MemcachedTransport transport = new MemcachedTransport(TransportSettings.builder(addresses)
        .opTimeout(Duration.ofMillis(settings.opTimeoutMs())).build());
    String prefix = KeyEncoder.namespacePrefix(settings.namespace());
    HealthSettings healthSettings = new HealthSettings(nodes, Duration.ofMillis(settings.healthIntervalMs()),
        settings.failuresToDead(), settings.successesToAlive(), Duration.ofSeconds(settings.recoveryWindowSec()),
        settings.rejoin() == RejoinPolicy.FLUSH, prefix);
    EpisodeCloser[] closer = new EpisodeCloser[1];
    RouterFigures[] figures = new RouterFigures[1];
    HealthMonitor health = new HealthMonitor(healthSettings, new TransportNodeAccess(transport), new HealthListener() {
      @Override
      public void nodeUp(int node) {
        closer[0].nodeReturned(node);
      }

      @Override
      public void nodeFailure(int node) {
        figures[0].recordNodeFailure();
      }

      @Override
      public void flushed(int node, long keys) {
        figures[0].recordFlushedKeys(keys);
      }
    }, Clock.systemUTC());
    figures[0] = new RouterFigures(health::nodeStates);
    closer[0] = new EpisodeCloser(router, transport, health, expiry, figures[0], prefix);
    health.start();
    RouterFiguresRegistration jmx = RouterFiguresRegistration.register(figures[0], settings.identity());
    return new RoutedClusterStore(router, transport, health, expiry, figures[0],
        settings.allDown() == AllDownPolicy.ERROR, settings.itemSizeLimit(), () -> {
          jmx.close();
          health.close();
          closer[0].close();
          transport.close();
        });
  }

  /** The router's counters for operators. */
  public RouterFigures figures() {
    return figures;
  }

  /** The liveness view operations use right now. */
  public ClusterView view() {
    return health.view();
  }

  @Override
  public int itemSizeLimit() {
    return itemSizeLimit;
  }

  // ---------------------------------------------------------------- reads

  @Override
  public byte[] get(String key) {
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
    figures.operations.add(keys.size());
    ClusterView view = health.view();
    Map<String, byte[]> hits = new HashMap<>();
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
    while (!active.isEmpty()) {
      Map<Integer, List<ReadCursor>> byNode = new LinkedHashMap<>();
      for (ReadCursor cursor : active) {
        byNode.computeIfAbsent(cursor.node(), n -> new ArrayList<>()).add(cursor);
      }
      Map<Integer, CompletableFuture<Map<String, byte[]>>> replies = new LinkedHashMap<>();
      byNode.forEach((node, cursors) ->
          replies.put(node, transport.getMultiAsync(node, cursors.stream().map(c -> c.key).toList())));
      List<ReadCursor> next = new ArrayList<>();
      for (Map.Entry<Integer, List<ReadCursor>> group : byNode.entrySet()) {
        int node = group.getKey();
        Map<String, byte[]> found;
        try {
          found = Replies.await(replies.get(node));
          health.observeSuccess(node);
        } catch (NodeFailureException e) {
          readFailure(node);
          for (ReadCursor cursor : group.getValue()) {
            if (cursor.failed()) {
              next.add(cursor);
            }
          }
          continue;
        }
        for (ReadCursor cursor : group.getValue()) {
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
    if (value.length == 0) {
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

  /** Copies a fallback hit to the recovering node with {@code add}: it never overwrites a newer value. */
  private void repair(int node, String key, byte[] value) {
    int exptime = expiry.exptimeOf(value);
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
    write(key, value, exptime, false);
  }

  @Override
  public void putAll(Map<String, StoreItem> items) {
    figures.operations.add(items.size());
    Map<String, Item> batch = new LinkedHashMap<>(items.size() * 2);
    items.forEach((key, item) -> batch.put(key, new Item(item.exptime(), item.value())));
    writeBatch(batch, false);
  }

  @Override
  public boolean delete(String key) {
    figures.operations.increment();
    return write(key, null, 0, true);
  }

  @Override
  public void deleteAll(Collection<String> keys) {
    figures.operations.add(keys.size());
    Map<String, Item> batch = new LinkedHashMap<>(keys.size() * 2);
    keys.forEach(key -> batch.put(key, null));
    writeBatch(batch, true);
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
    Set<String> retry = batch.settle(new BatchWrite.WriteFailures() {
      @Override
      public void succeeded(int node) {
        health.observeSuccess(node);
      }

      @Override
      public void writeFailed(int node) {
        figures.nodeFailures.increment();
        health.observeWriteFailure(node);
      }

      @Override
      public void fallbackDeletes(int count) {
        figures.fallbackDeletes.add(count);
      }
    });
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
      PendingWrite write = PendingWrite.start(transport, key, value, exptime, removal, plan, view);
      if (settle(write)) {
        return write.existed();
      }
    }
    throw new CacheException("mcjcache: could not write '" + key + "': nodes kept failing while it was retried");
  }

  /** Waits for a write's requests; reports failures to health. {@code true} when every copy was written. */
  private boolean settle(PendingWrite write) {
    boolean complete = true;
    if (!write.plan.targets().isEmpty() && write.plan.targets().first() != router.home(bytes(write.key))) {
      figures.rehashes.increment();
    }
    for (PendingWrite.Request request : write.requests) {
      try {
        Replies.await(request.reply());
        health.observeSuccess(request.node());
        if (request.fallbackDelete()) {
          figures.fallbackDeletes.increment();
        }
      } catch (NodeFailureException e) {
        figures.nodeFailures.increment();
        health.observeWriteFailure(request.node());
        if (!request.fallbackDelete()) {
          complete = false;
        }
      }
    }
    return complete;
  }

  // ---------------------------------------------------------------- atomic read-modify-write

  @Override
  public <R> R update(String key, Mutation<R> mutation) {
    figures.operations.increment();
    byte[] keyBytes = bytes(key);
    for (int round = 0; round <= router.settings().nodeCount(); round++) {
      AtomicPlan plan = router.planAtomic(keyBytes, health.view());
      if (plan.allDown()) {
        allDown("update");
        Decision<R> decision = mutation.decide(null);
        if (decision.action() != Decision.Action.KEEP) {
          figures.droppedWrites.increment();
        }
        return decision.result();
      }
      int authority = plan.authority();
      Decision<R> decision;
      try {
        if (!plan.repairSources().isEmpty()) {
          repairAuthority(key, authority, plan.repairSources());
        }
        decision = casLoop(key, authority, mutation);
        health.observeSuccess(authority);
      } catch (NodeFailureException e) {
        figures.nodeFailures.increment();
        health.observeWriteFailure(authority);
        continue;
      }
      follow(key, decision, plan);
      return decision.result();
    }
    throw new CacheException("mcjcache: could not update '" + key + "': nodes kept failing while it was retried");
  }

  /** Before a CAS on a node that may lack the key, copy the newest other copy there (never overwriting). */
  private void repairAuthority(String key, int authority, NodeList sources) {
    if (transport.get(authority, key) != null) {
      return;
    }
    for (int i = 0; i < sources.size(); i++) {
      int source = sources.get(i);
      byte[] value;
      try {
        value = transport.get(source, key);
        health.observeSuccess(source);
      } catch (NodeFailureException e) {
        readFailure(source);
        continue;
      }
      if (value == null) {
        continue;
      }
      if (value.length > 0) {
        int exptime = expiry.exptimeOf(value);
        if (exptime >= 0 && transport.add(authority, key, exptime, value)) {
          figures.readRepairs.increment();
        }
      }
      return;
    }
  }

  private <R> Decision<R> casLoop(String key, int node, Mutation<R> mutation) {
    for (int attempt = 0; attempt < MAX_CAS_ROUNDS; attempt++) {
      CasValue current = transport.gets(node, key);
      byte[] value = current == null || current.value().length == 0 ? null : current.value();
      Decision<R> decision = mutation.decide(value);
      boolean applied = switch (decision.action()) {
        case KEEP -> true;
        case WRITE -> current == null
            ? transport.add(node, key, decision.exptime(), decision.value())
            : transport.cas(node, key, current.cas(), decision.exptime(), decision.value()) == CasOutcome.STORED;
        case REMOVE -> value == null
            || transport.cas(node, key, current.cas(), TOMBSTONE_EXPTIME, TOMBSTONE) == CasOutcome.STORED;
      };
      if (applied) {
        return decision;
      }
    }
    throw new CacheException("mcjcache: gave up updating '" + key + "' after " + MAX_CAS_ROUNDS
        + " compare-and-swap rounds lost to concurrent writers");
  }

  /** Brings the mirror to the authority's result and deletes copies the update made stale. */
  private void follow(String key, Decision<?> decision, AtomicPlan plan) {
    if (decision.action() == Decision.Action.KEEP) {
      return;
    }
    List<PendingWrite.Request> requests = new ArrayList<>();
    NodeList followers = plan.followers();
    for (int i = 0; i < followers.size(); i++) {
      int node = followers.get(i);
      requests.add(new PendingWrite.Request(node, decision.action() == Decision.Action.WRITE
          ? transport.setAsync(node, key, decision.exptime(), decision.value())
          : transport.deleteAsync(node, key), false));
    }
    NodeList stale = plan.fallbackDeletes();
    for (int i = 0; i < stale.size(); i++) {
      requests.add(new PendingWrite.Request(stale.get(i), transport.deleteAsync(stale.get(i), key), true));
    }
    for (PendingWrite.Request request : requests) {
      try {
        Replies.await(request.reply());
        if (request.fallbackDelete()) {
          figures.fallbackDeletes.increment();
        }
      } catch (NodeFailureException e) {
        figures.nodeFailures.increment();
        health.observeWriteFailure(request.node());
      }
    }
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
    figures.nodeFailures.increment();
    health.observeFailure(node);
  }

  private void allDown(String what) {
    if (failWhenAllDown) {
      throw new StoreUnavailableException("mcjcache: cannot " + what + ": all "
          + router.settings().nodeCount() + " memcached nodes are down (allDown=error)");
    }
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
