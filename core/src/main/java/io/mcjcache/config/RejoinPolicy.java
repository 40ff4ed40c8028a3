package io.mcjcache.config;

/**
 * What to do with a node that comes back without having restarted ({@code rejoin} key). Such a node
 * was hung or cut off while others took its writes, so it may hold values that were since replaced.
 */
public enum RejoinPolicy {
  /** Drop this namespace's keys on the node before it serves again: never a stale read. */
  FLUSH,
  /** Serve its keys as they are: keeps the cache warm, accepts possible stale reads. */
  TRUST;

  /** The word used in configuration, e.g. {@code flush}. */
  public String configValue() {
    return ConfigChoice.word(this);
  }
}
