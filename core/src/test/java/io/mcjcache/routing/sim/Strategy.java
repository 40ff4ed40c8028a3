package io.mcjcache.routing.sim;

/** One way of placing keys on simulated nodes, driven through the same failure schedule as the others. */
interface Strategy {
  String name();

  void write(String key, long version);

  /** The version read, or null for a miss. */
  Long read(String key);

  /** The node the strategy writes a key to first (its "home" right now); for counting moved keys. */
  int firstTarget(String key);

  void kill(int node);

  /** The node answers again: empty after a restart, or with the data it held. */
  void revive(int node, boolean withData);
}
