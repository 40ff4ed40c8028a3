package io.mcjcache.routing;

import java.util.Objects;

/**
 * The settings that fix placement for a cluster. Every client of one cluster must use equal
 * settings (and list the servers in the same order), or they disagree about where keys live.
 *
 * <p>{@code mirror=pairs} with a single node is rejected rather than silently downgraded: a
 * configuration that asks for a mirror copy and cannot have one is a mistake the user should see.
 * {@link #defaults(int)} gives the documented default (pairs when N >= 2, else none).
 *
 * @param nodeCount the configured number of nodes, at least 1
 * @param mirror whether keys are mirrored on the home node's partner
 * @param hash how a key's hash picks its home node
 */
public record RoutingSettings(int nodeCount, MirrorMode mirror, HashAlgorithm hash) {

  public RoutingSettings {
    if (nodeCount < 1) {
      throw new IllegalArgumentException("nodeCount must be at least 1, was " + nodeCount);
    }
    Objects.requireNonNull(mirror, "mirror");
    Objects.requireNonNull(hash, "hash");
    if (mirror == MirrorMode.PAIRS && nodeCount < 2) {
      throw new IllegalArgumentException(
          "mirror=pairs needs at least 2 servers, but only 1 is configured; use mirror=none");
    }
  }

  /** The documented defaults for N nodes: pairs when N >= 2 (else none), modulo hashing. */
  public static RoutingSettings defaults(int nodeCount) {
    return new RoutingSettings(nodeCount,
        nodeCount >= 2 ? MirrorMode.PAIRS : MirrorMode.NONE, HashAlgorithm.MODULO);
  }
}
