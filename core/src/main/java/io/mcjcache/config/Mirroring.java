package io.mcjcache.config;

/**
 * Whether each node keeps a copy of its partner's keys ({@code mirror} key).
 *
 * <p>Kept apart from the router's own mode type so that configuration does not depend on routing;
 * the provider maps one onto the other.
 */
public enum Mirroring {
  /** Nodes form pairs (0&lt;-&gt;1, 2&lt;-&gt;3, ...; with N odd the last node pairs with node 0). */
  PAIRS,
  /** One copy per key: losing a node loses its share of the cache. */
  NONE;

  /** The word used in configuration, e.g. {@code pairs}. */
  public String configValue() {
    return ConfigChoice.word(this);
  }
}
