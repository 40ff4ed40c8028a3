package io.mcjcache.routing;

/**
 * Whether every key keeps a second copy on its home node's partner (the configuration key
 * {@code mirror}). With {@link #PAIRS} a dead node's keys are still readable from its partner.
 */
public enum MirrorMode {
  /** Node i is mirrored on {@code i ^ 1}; with an odd node count the last node pairs with node 0. */
  PAIRS,
  /** One copy per key; a dead node's share is lost until it returns. */
  NONE;
}
