package io.mcjcache.routing.sim;

import io.mcjcache.routing.KeyHash;
import java.util.ArrayList;
import java.util.List;

/** The 2004 libmemcache behaviour: hash modulo the number of <em>live</em> servers. */
final class LiveModuloStrategy implements Strategy {
  private final SimNodes nodes;
  private final List<Integer> live = new ArrayList<>();

  LiveModuloStrategy(SimNodes nodes) {
    this.nodes = nodes;
    for (int i = 0; i < nodes.nodeCount(); i++) {
      live.add(i);
    }
  }

  @Override
  public String name() {
    return "(a) modulo over live nodes";
  }

  @Override
  public int firstTarget(String key) {
    return live.get((int) Long.remainderUnsigned(KeyHash.hash(PlanExecutor.bytes(key)), live.size()));
  }

  @Override
  public void write(String key, long version) {
    nodes.set(firstTarget(key), key, version);
  }

  @Override
  public Long read(String key) {
    return nodes.get(firstTarget(key), key);
  }

  @Override
  public void kill(int node) {
    nodes.kill(node);
    live.remove(Integer.valueOf(node));
  }

  @Override
  public void revive(int node, boolean withData) {
    if (withData) {
      nodes.returnWithData(node);
    } else {
      nodes.restartEmpty(node);
    }
    live.add(node);
    live.sort(null);
  }
}
