package io.mcjcache.cluster;

import io.mcjcache.routing.ClusterView;
import io.mcjcache.routing.NodeList;
import io.mcjcache.routing.Router;
import io.mcjcache.routing.WritePlan;
import io.mcjcache.transport.Item;
import io.mcjcache.transport.MemcachedTransport;
import io.mcjcache.transport.NodeFailureException;
import io.mcjcache.transport.Reply;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The writes (or removals) of many keys, grouped per node into one pipelined request per node and
 * kind: a batch costs about one round trip per node instead of one per key, and the client's single
 * I/O thread is not flooded with thousands of separately timed requests. The caller's thread awaits
 * each node's answers ({@link Reply}): no listener or timer per set.
 */
final class BatchWrite {
  /** One pipelined request to one node, with the keys whose copies it carries. */
  private record NodeRequest(int node, List<String> keys, boolean fallbackDeletes,
      Reply<Map<String, Boolean>> reply) {}

  private final List<NodeRequest> requests = new ArrayList<>();
  private int rehashed;

  private BatchWrite() {}

  /**
   * Plans every key under {@code view} and sends the requests. {@code items} maps keys to what to
   * store; for removals the items are ignored (pass keys mapped to null).
   */
  static BatchWrite send(Router router, MemcachedTransport transport, ClusterView view,
      Map<String, Item> items, boolean removal) {
    BatchWrite batch = new BatchWrite();
    Map<Integer, Map<String, Item>> sets = new LinkedHashMap<>();
    Map<Integer, List<String>> deletes = new LinkedHashMap<>();
    Map<Integer, List<String>> staleCopies = new LinkedHashMap<>();
    for (Map.Entry<String, Item> entry : items.entrySet()) {
      String key = entry.getKey();
      byte[] keyBytes = RoutedClusterStore.bytes(key);
      WritePlan plan = router.planWrite(keyBytes, view);
      NodeList targets = plan.targets();
      if (!targets.isEmpty() && targets.first() != router.home(keyBytes)) {
        batch.rehashed++;
      }
      for (int i = 0; i < targets.size(); i++) {
        int node = targets.get(i);
        Item stored = removal ? Tombstones.batchRemoval(view, node) : entry.getValue();
        if (stored != null) {
          sets.computeIfAbsent(node, n -> new LinkedHashMap<>()).put(key, stored);
        } else {
          deletes.computeIfAbsent(node, n -> new ArrayList<>()).add(key);
        }
      }
      NodeList stale = plan.fallbackDeletes();
      for (int i = 0; i < stale.size(); i++) {
        staleCopies.computeIfAbsent(stale.get(i), n -> new ArrayList<>()).add(key);
      }
    }
    sets.forEach((node, nodeItems) -> {
      for (List<String> chunk : ClusterStore.chunks(new ArrayList<>(nodeItems.keySet()))) {
        Map<String, Item> part = new HashMap<>();
        chunk.forEach(k -> part.put(k, nodeItems.get(k)));
        batch.requests.add(new NodeRequest(node, chunk, false, transport.sendSetMulti(node, part)));
      }
    });
    deletes.forEach((node, keys) -> batch.sendDeletes(transport, node, keys, false));
    staleCopies.forEach((node, keys) -> batch.sendDeletes(transport, node, keys, true));
    return batch;
  }

  private void sendDeletes(MemcachedTransport transport, int node, List<String> keys, boolean fallback) {
    for (List<String> chunk : ClusterStore.chunks(keys)) {
      requests.add(new NodeRequest(node, chunk, fallback, transport.sendDeleteMulti(node, chunk)));
    }
  }

  /** Keys whose home was dead, so a rehashed node took a copy. */
  int rehashedCount() {
    return rehashed;
  }

  /**
   * Waits for every request; a failed node is reported (a write failure: it may hold superseded values
   * now). Returns the keys that must be written again under the new view because one of their copies
   * was on the failed node.
   */
  Set<String> settle(PlanExecution execution) {
    Set<String> retry = new HashSet<>();
    for (NodeRequest request : requests) {
      try {
        request.reply().await();
        if (request.fallbackDeletes()) {
          execution.figures().fallbackDeletes.add(request.keys().size());
        } else {
          execution.health().observeSuccess(request.node());
        }
      } catch (NodeFailureException e) {
        execution.writeFailure(request.node());
        if (!request.fallbackDeletes()) {
          retry.addAll(request.keys());
        }
      }
    }
    return retry;
  }
}
