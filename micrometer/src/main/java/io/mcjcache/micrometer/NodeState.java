package io.mcjcache.micrometer;

import io.mcjcache.routing.ClusterView;
import io.mcjcache.routing.NodeStatus;
import java.util.Locale;

/**
 * The four states a node is in ({@link NodeStatus}, as {@code NodeStates} in JMX names them; docs/operations.md):
 * the values of the {@code state} tag of {@code mcjcache.router.nodes}, taken from the liveness view operations
 * use.
 */
enum NodeState {
  ALIVE,
  RECOVERING,
  RETURNING,
  DEAD;

  /** The state of {@code node} in {@code view}. */
  static NodeState of(ClusterView view, int node) {
    return valueOf(view.status(node).name());
  }

  /** How many nodes of {@code view} are in this state. */
  double count(ClusterView view) {
    int count = 0;
    for (int node = 0; node < view.nodeCount(); node++) {
      if (of(view, node) == this) {
        count++;
      }
    }
    return count;
  }

  /** The tag value: the state in lower case. */
  String tagValue() {
    return name().toLowerCase(Locale.ROOT);
  }
}
