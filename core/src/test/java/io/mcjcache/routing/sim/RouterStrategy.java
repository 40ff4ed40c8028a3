package io.mcjcache.routing.sim;

import io.mcjcache.routing.ClusterView;
import io.mcjcache.routing.HashAlgorithm;
import io.mcjcache.routing.MirrorMode;
import io.mcjcache.routing.Router;
import io.mcjcache.routing.RoutingSettings;

/** Our router over the configured node count, with or without pairs and recovery fallback. */
final class RouterStrategy implements Strategy {
  private final String name;
  private final SimNodes nodes;
  private final PlanExecutor executor;
  private ClusterView view;
  private long clock;

  RouterStrategy(String name, SimNodes nodes, MirrorMode mirror, boolean recovery) {
    this.name = name;
    this.nodes = nodes;
    Router router = new Router(new RoutingSettings(nodes.nodeCount(), mirror, HashAlgorithm.MODULO));
    this.executor = new PlanExecutor(router, nodes, recovery);
    this.view = ClusterView.allAlive(nodes.nodeCount());
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int firstTarget(String key) {
    return executor.router().planWrite(PlanExecutor.bytes(key), view).targets().get(0);
  }

  @Override
  public void write(String key, long version) {
    executor.write(key, version, view);
  }

  @Override
  public Long read(String key) {
    return executor.read(key, view);
  }

  @Override
  public void kill(int node) {
    nodes.kill(node);
    view = view.nodeDown(node, ++clock);
  }

  @Override
  public void revive(int node, boolean withData) {
    if (withData) {
      nodes.returnWithData(node);
    } else {
      nodes.restartEmpty(node);
    }
    view = view.nodeUp(node, ++clock);
  }
}
