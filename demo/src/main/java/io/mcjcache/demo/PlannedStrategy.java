package io.mcjcache.demo;

import io.mcjcache.routing.ClusterView;
import io.mcjcache.routing.HashAlgorithm;
import io.mcjcache.routing.MirrorMode;
import io.mcjcache.routing.NodeList;
import io.mcjcache.routing.ReadPlan;
import io.mcjcache.routing.Router;
import io.mcjcache.routing.RoutingSettings;
import io.mcjcache.transport.Item;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * mcjcache's router without its recovery: keys live at {@code hash mod} the <em>configured</em> node
 * count, a dead node's keys are rehashed to a live one (and, with pairs, kept on its partner too), but
 * nothing is done when the node returns: no fallback to the copies made while it was down, no read
 * repair, no moving them home. It reads only the first node of the router's plan and writes only the
 * plan's targets, so a restarted (empty) node simply misses what it held and what was written
 * meanwhile. The steps (c) and (d) of the comparison; (e) adds the recovery.
 */
final class PlannedStrategy implements Strategy {
  private final NodeClient nodes;
  private final Router router;

  PlannedStrategy(NodeClient nodes, MirrorMode mirror) {
    this.nodes = nodes;
    this.router = new Router(new RoutingSettings(nodes.nodeCount(), mirror, HashAlgorithm.MODULO));
  }

  @Override
  public Set<String> putAll(Map<String, String> entries) {
    ClusterView view = nodes.view();
    Map<Integer, Map<String, Item>> byNode = new HashMap<>();
    entries.forEach((key, value) -> {
      NodeList targets = router.planWrite(NodeClient.bytes(key), view).targets();
      for (int i = 0; i < targets.size(); i++) {
        byNode.computeIfAbsent(targets.get(i), n -> new HashMap<>()).put(key, NodeClient.item(value));
      }
    });
    return nodes.setAll(byNode);
  }

  /** A delete is a write of the key: its plan's targets, nothing else (no diverted copies to clean up). */
  @Override
  public Set<String> deleteAll(Collection<String> keys) {
    ClusterView view = nodes.view();
    Map<Integer, List<String>> byNode = new HashMap<>();
    for (String key : keys) {
      NodeList targets = router.planWrite(NodeClient.bytes(key), view).targets();
      for (int i = 0; i < targets.size(); i++) {
        byNode.computeIfAbsent(targets.get(i), n -> new ArrayList<>()).add(key);
      }
    }
    return nodes.deleteAll(byNode);
  }

  @Override
  public Map<String, String> getAll(Collection<String> keys) {
    ClusterView view = nodes.view();
    Map<Integer, List<String>> byNode = new HashMap<>();
    for (String key : keys) {
      ReadPlan plan = router.planRead(NodeClient.bytes(key), view);
      if (!plan.allDown()) {
        byNode.computeIfAbsent(plan.nodes().first(), n -> new ArrayList<>()).add(key);
      }
    }
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
}
