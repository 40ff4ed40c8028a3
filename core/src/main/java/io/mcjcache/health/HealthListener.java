package io.mcjcache.health;

/** What health tells the rest of the cluster layer; every method has a do-nothing default. */
public interface HealthListener {
  /** A node was found dead and its down episode opened. */
  default void nodeDown(int node) {}

  /** A node serves again (after a flush when it had to); its episode is now recovering. */
  default void nodeUp(int node) {}

  /** A probe or request to the node failed. */
  default void nodeFailure(int node) {}

  /** Keys deleted from a node that came back without restarting. */
  default void flushed(int node, long keys) {}
}
