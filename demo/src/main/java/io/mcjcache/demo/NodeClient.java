package io.mcjcache.demo;

import io.mcjcache.cluster.TransportNodeAccess;
import io.mcjcache.codec.ItemSizeLimit;
import io.mcjcache.health.HealthListener;
import io.mcjcache.health.HealthMonitor;
import io.mcjcache.health.HealthSettings;
import io.mcjcache.routing.ClusterView;
import io.mcjcache.testkit.MemcachedCluster;
import io.mcjcache.transport.Item;
import io.mcjcache.transport.MemcachedTransport;
import io.mcjcache.transport.NodeFailureException;
import io.mcjcache.transport.Reply;
import io.mcjcache.transport.TransportSettings;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;

/**
 * The nodes as a plain client sees them, with no placement of its own: one connection per node, a
 * failure detector, and per-node batches sent concurrently. The baselines that place keys themselves
 * ({@link LiveModuloStrategy}, {@link PlannedStrategy}) sit on it, so they notice a dead or returning
 * node exactly as fast as mcjcache does (the same health monitor and probe period) and differ from it
 * only in where keys go.
 */
final class NodeClient implements AutoCloseable {
  /** The probe period every strategy with its own failure detection uses in the demo. */
  static final Duration PROBE_INTERVAL = Duration.ofMillis(200);
  static final Duration OP_TIMEOUT = Duration.ofMillis(500);
  private static final int FAILURES_TO_DEAD = 3;
  private static final int SUCCESSES_TO_ALIVE = 2;

  private final MemcachedTransport transport;
  private final HealthMonitor health;

  private NodeClient(MemcachedTransport transport, HealthMonitor health) {
    this.transport = transport;
    this.health = health;
  }

  static NodeClient connect(MemcachedCluster cluster) {
    MemcachedTransport transport = new MemcachedTransport(
        TransportSettings.builder(cluster.addresses()).opTimeout(OP_TIMEOUT)
            .itemOverheadBytes(ItemSizeLimit.ITEM_OVERHEAD_BYTES).build());
    // No rejoin flush and no recovery window: those belong to mcjcache, not to the baselines.
    HealthSettings settings = new HealthSettings(cluster.size(), PROBE_INTERVAL, FAILURES_TO_DEAD,
        SUCCESSES_TO_ALIVE, Duration.ofMillis(1), false, "");
    HealthMonitor health = new HealthMonitor(settings, new TransportNodeAccess(transport), new HealthListener() {},
        Clock.systemUTC());
    return new NodeClient(transport, health.start());
  }

  int nodeCount() {
    return transport.nodeCount();
  }

  /** The liveness view right now; read once per batch. */
  ClusterView view() {
    return health.view();
  }

  /** Reads each node's keys in one multi-get, all nodes at once; a failed node's keys are misses. */
  Map<String, String> getAll(Map<Integer, List<String>> keysByNode) {
    Map<Integer, Reply<Map<String, byte[]>>> replies = new LinkedHashMap<>();
    keysByNode.forEach((node, keys) -> replies.put(node, transport.sendGetMulti(node, keys)));
    Map<String, String> found = new HashMap<>();
    replies.forEach((node, reply) -> {
      Map<String, byte[]> values = await(node, reply);
      if (values != null) {
        values.forEach((key, value) -> found.put(key, text(value)));
      }
    });
    return found;
  }

  /**
   * Writes each node's entries pipelined, all nodes at once; a failed node's writes are lost. Returns the
   * keys every node they were sent to answered STORED for.
   */
  Set<String> setAll(Map<Integer, Map<String, Item>> itemsByNode) {
    Map<Integer, Reply<Map<String, Boolean>>> replies = new LinkedHashMap<>();
    itemsByNode.forEach((node, items) -> replies.put(node, transport.sendSetMulti(node, items)));
    Map<Integer, Collection<String>> sent = new HashMap<>();
    itemsByNode.forEach((node, items) -> sent.put(node, items.keySet()));
    return acknowledged(sent, replies, Boolean.TRUE::equals);
  }

  /**
   * Deletes each node's keys pipelined, all nodes at once. Returns the keys every node they were sent to
   * answered (DELETED or NOT_FOUND: gone either way); a failed node's keys are not acknowledged.
   */
  Set<String> deleteAll(Map<Integer, ? extends Collection<String>> keysByNode) {
    Map<Integer, Reply<Map<String, Boolean>>> replies = new LinkedHashMap<>();
    keysByNode.forEach((node, keys) -> replies.put(node, transport.sendDeleteMulti(node, keys)));
    return acknowledged(keysByNode, replies, deleted -> true);
  }

  /** The keys that every node they were sent to answered, with an answer {@code ok} accepts. */
  private Set<String> acknowledged(Map<Integer, ? extends Collection<String>> sent,
      Map<Integer, Reply<Map<String, Boolean>>> replies, Predicate<Boolean> ok) {
    Map<String, Integer> missing = new HashMap<>();
    sent.values().forEach(keys -> keys.forEach(key -> missing.merge(key, 1, Integer::sum)));
    replies.forEach((node, reply) -> {
      Map<String, Boolean> answers = await(node, reply);
      if (answers != null) {
        answers.forEach((key, answer) -> {
          if (ok.test(answer)) {
            missing.merge(key, -1, Integer::sum);
          }
        });
      }
    });
    Set<String> acknowledged = new HashSet<>();
    missing.forEach((key, count) -> {
      if (count == 0) {
        acknowledged.add(key);
      }
    });
    return acknowledged;
  }

  static Item item(String value) {
    return new Item(0, value.getBytes(StandardCharsets.UTF_8));
  }

  static byte[] bytes(String key) {
    return key.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(byte[] value) {
    return new String(value, StandardCharsets.UTF_8);
  }

  /** The reply, or null when the node failed (which health hears about, as from real traffic). */
  private <T> T await(int node, Reply<T> reply) {
    try {
      T value = reply.await();
      health.observeSuccess(node);
      return value;
    } catch (NodeFailureException e) {
      health.observeFailure(node);
      return null;
    }
  }

  @Override
  public void close() {
    health.close();
    transport.close();
  }

  /** Groups {@code keys} by the node {@code placement} picks for each. */
  static Map<Integer, List<String>> byNode(Collection<String> keys, ToIntFunction<String> placement) {
    Map<Integer, List<String>> groups = new HashMap<>();
    for (String key : keys) {
      groups.computeIfAbsent(placement.applyAsInt(key), n -> new ArrayList<>()).add(key);
    }
    return groups;
  }
}
