package io.mcjcache.demo;

import io.mcjcache.routing.ClusterView;
import io.mcjcache.routing.KeyHash;
import io.mcjcache.transport.Item;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * libmemcache's placement of 2004: {@code hash(key) mod} the number of <em>live</em> servers. When
 * one dies, the divisor changes and almost every key moves, so a read pass misses nearly everything;
 * when it returns, the divisor changes back and keys are read where they lived before the failure,
 * from nodes that still hold the values written before it: stale reads.
 */
final class LiveModuloStrategy implements Strategy {
  private final NodeClient nodes;

  LiveModuloStrategy(NodeClient nodes) {
    this.nodes = nodes;
  }

  @Override
  public Set<String> putAll(Map<String, String> entries) {
    int[] live = liveNodes();
    if (live.length == 0) {
      return Set.of();
    }
    Map<Integer, Map<String, Item>> byNode = new HashMap<>();
    entries.forEach((key, value) -> byNode.computeIfAbsent(place(key, live), n -> new HashMap<>()).put(key,
        NodeClient.item(value)));
    return nodes.setAll(byNode);
  }

  @Override
  public Set<String> deleteAll(Collection<String> keys) {
    int[] live = liveNodes();
    if (live.length == 0) {
      return Set.of();
    }
    return nodes.deleteAll(NodeClient.byNode(keys, key -> place(key, live)));
  }

  @Override
  public Map<String, String> getAll(Collection<String> keys) {
    int[] live = liveNodes();
    if (live.length == 0) {
      return Map.of();
    }
    Map<Integer, List<String>> byNode = NodeClient.byNode(keys, key -> place(key, live));
    return nodes.getAll(byNode);
  }

  @Override
  public boolean seesAlive(int node) {
    return nodes.view().isAlive(node);
  }

  @Override
  public void close() {
    nodes.close();
  }

  private int[] liveNodes() {
    ClusterView view = nodes.view();
    return IntStream.range(0, view.nodeCount()).filter(view::isAlive).toArray();
  }

  private static int place(String key, int[] live) {
    return live[(int) Long.remainderUnsigned(KeyHash.hash(NodeClient.bytes(key)), live.length)];
  }
}
