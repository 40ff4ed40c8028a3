package io.mcjcache.routing;

import java.util.Random;

/** Seeded random cluster histories for property tests: views reached by real transitions. */
final class RandomViews {
  private RandomViews() {
  }

  /** A view of {@code n} nodes after {@code steps} random downs, ups and closings. */
  static ClusterView after(int n, int steps, double deadShare, Random random) {
    ClusterView view = ClusterView.allAlive(n);
    long now = 0;
    for (int step = 0; step < steps; step++) {
      now += 1 + random.nextInt(10);
      int node = random.nextInt(n);
      double roll = random.nextDouble();
      if (view.isAlive(node)) {
        if (roll < deadShare) {
          view = view.nodeDown(node, now);
        } else if (view.isRecovering(node) && roll > 0.9) {
          view = view.episodeClosed(node, view.episodes(node).get(0).id());
        }
      } else if (roll >= deadShare) {
        view = view.nodeUp(node, now);
      }
    }
    return view;
  }

  /** A view in which exactly the given nodes are dead, with no other history. */
  static ClusterView withDead(int n, NodeSet dead) {
    ClusterView view = ClusterView.allAlive(n);
    for (int node : dead.toArray()) {
      view = view.nodeDown(node, 0);
    }
    return view;
  }
}
