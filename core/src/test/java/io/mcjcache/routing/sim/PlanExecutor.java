package io.mcjcache.routing.sim;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.mcjcache.routing.AtomicPlan;
import io.mcjcache.routing.ClusterView;
import io.mcjcache.routing.NodeList;
import io.mcjcache.routing.ReadPlan;
import io.mcjcache.routing.Router;
import io.mcjcache.routing.WritePlan;

/**
 * Carries router plans out on {@link SimNodes} the way the real executor does on memcached, with
 * the view matching reality (no node fails mid-operation). With {@code recovery} off it ignores
 * fallback reads, read repair and fallback deletes: the plain "configured count + rehash (+ pairs)"
 * strategy the simulator compares against.
 */
public final class PlanExecutor {
  private final Router router;
  private final SimNodes nodes;
  private final boolean recovery;

  public PlanExecutor(Router router, SimNodes nodes, boolean recovery) {
    this.router = router;
    this.nodes = nodes;
    this.recovery = recovery;
  }

  public Router router() {
    return router;
  }

  public void write(String key, long version, ClusterView view) {
    WritePlan plan = router.planWrite(bytes(key), view);
    forEach(plan.targets(), node -> nodes.set(node, key, version));
    if (recovery) {
      forEach(plan.fallbackDeletes(), node -> nodes.delete(node, key));
    }
  }

  public void delete(String key, ClusterView view) {
    WritePlan plan = router.planWrite(bytes(key), view);
    forEach(plan.targets(), node -> nodes.delete(node, key));
    if (recovery) {
      forEach(plan.fallbackDeletes(), node -> nodes.delete(node, key));
    }
  }

  /** The value version read, or null for a miss. */
  public Long read(String key, ClusterView view) {
    ReadPlan plan = router.planRead(bytes(key), view);
    if (plan.allDown()) {
      return null;
    }
    if (!recovery) {
      return nodes.get(plan.nodes().get(0), key);
    }
    boolean repairTargetMissed = false;
    for (int i = 0; i < plan.nodes().size(); i++) {
      int node = plan.nodes().get(i);
      Long value = nodes.get(node, key);
      if (value != null) {
        if (plan.isFallback(i) && repairTargetMissed) {
          nodes.add(plan.repairTarget(), key, value);
        }
        return value;
      }
      repairTargetMissed |= node == plan.repairTarget();
      if (!plan.continueAfterMiss(i)) {
        return null;
      }
    }
    return null;
  }

  /**
   * An atomic read-modify-write that stores {@code newVersion}: repair the authority, read the
   * current value there (returned, or null), write the new one everywhere the plan says.
   */
  public Long readModifyWrite(String key, long newVersion, ClusterView view) {
    AtomicPlan plan = router.planAtomic(bytes(key), view);
    if (plan.allDown()) {
      return null;
    }
    for (int i = 0; i < plan.repairSources().size(); i++) {
      Long found = nodes.get(plan.repairSources().get(i), key);
      if (found != null) {
        nodes.add(plan.authority(), key, found);
        break;
      }
    }
    Long current = nodes.get(plan.authority(), key);
    nodes.set(plan.authority(), key, newVersion);
    forEach(plan.followers(), node -> nodes.set(node, key, newVersion));
    forEach(plan.fallbackDeletes(), node -> nodes.delete(node, key));
    return current;
  }

  static byte[] bytes(String key) {
    return key.getBytes(UTF_8);
  }

  private static void forEach(NodeList list, java.util.function.IntConsumer action) {
    for (int i = 0; i < list.size(); i++) {
      action.accept(list.get(i));
    }
  }
}
