package io.mcjcache.micrometer;

import io.mcjcache.routing.ClusterView;
import java.util.Locale;

/**
 * The four states a node is in, as {@code NodeStates} in JMX names them (docs/operations.md): the values of
 * the {@code state} tag of {@code mcjcache.router.nodes}. Taken from the liveness view operations use, with the
 * same precedence as the health monitor's own lines: a returning node is dead to operations but shown apart.
 */
enum NodeState {
  ALIVE,
  RECOVERING,
  RETURNING,
  DEAD;

  /** The state of {@code node} in {@code view}. */
  static NodeState of(ClusterView view, int node) {
    if (view.isReturning(node)) {
      return RETURNING;
    }
    if (!view.isAlive(node)) {
      return DEAD;
    }
    return view.isRecovering(node) ? RECOVERING : ALIVE;
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
