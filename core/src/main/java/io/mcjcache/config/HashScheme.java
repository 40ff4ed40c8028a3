package io.mcjcache.config;

/**
 * How a key's home node is chosen among the configured (not the live) nodes ({@code hash} key).
 * Every client of one cluster must use the same scheme, or they will look for keys in different places.
 */
public enum HashScheme {
  /** {@code h(key) mod N}. */
  MODULO,
  /** Jump consistent hash over N buckets: adding a node at the end moves only 1/N of the keys. */
  JUMP;

  /** The word used in configuration, e.g. {@code modulo}. */
  public String configValue() {
    return ConfigChoice.word(this);
  }
}
