package io.mcjcache.routing.sim;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Simulated memcached servers: one map from key to value version per node, plus whether the node
 * answers. A dead node keeps its map, so it can come back empty (restart) or with its old data.
 */
public final class SimNodes {
  private final List<Map<String, Long>> data = new ArrayList<>();
  private final boolean[] up;

  public SimNodes(int nodeCount) {
    for (int i = 0; i < nodeCount; i++) {
      data.add(new HashMap<>());
    }
    up = new boolean[nodeCount];
    java.util.Arrays.fill(up, true);
  }

  public int nodeCount() {
    return up.length;
  }

  public boolean isUp(int node) {
    return up[node];
  }

  public Long get(int node, String key) {
    requireUp(node);
    return data.get(node).get(key);
  }

  public void set(int node, String key, long version) {
    requireUp(node);
    data.get(node).put(key, version);
  }

  /** memcached's add: stores only when the key is absent. */
  public void add(int node, String key, long version) {
    requireUp(node);
    data.get(node).putIfAbsent(key, version);
  }

  public void delete(int node, String key) {
    requireUp(node);
    data.get(node).remove(key);
  }

  public List<String> keys(int node) {
    return new ArrayList<>(data.get(node).keySet());
  }

  public void kill(int node) {
    up[node] = false;
  }

  /** The node comes back after a restart: memcached keeps nothing in memory across one. */
  public void restartEmpty(int node) {
    data.get(node).clear();
    up[node] = true;
  }

  /** The node comes back with what it held (it was hung or cut off, not restarted). */
  public void returnWithData(int node) {
    up[node] = true;
  }

  private void requireUp(int node) {
    if (!up[node]) {
      throw new IllegalStateException("node " + node + " is down: a plan named a dead node");
    }
  }
}
