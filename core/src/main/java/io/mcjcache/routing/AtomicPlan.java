package io.mcjcache.routing;

import java.util.Objects;

/**
 * How to run one atomic read-modify-write of a key (replace(k, old, new), getAndPut, invoke,
 * putIfAbsent...). Under mirroring there is exactly one node whose gets/cas decides: the authority, the
 * node a read of the key tries first.
 *
 * <p>The executor first, if {@code repairSources} is not empty, reads them in order and copies the
 * first hit into the authority with {@code add} (the authority may lack the key: it was away, and a
 * read would consult these nodes after its miss); then runs the gets/cas (or add) loop on the
 * authority; then writes the result to the {@code followers} and deletes the key on
 * {@code fallbackDeletes}.
 *
 * @param authority the node that decides, or -1 when every node is down
 * @param followers the other holders, brought to the authority's result afterwards
 * @param repairSources where the current value may be found when the authority may lack it
 * @param fallbackDeletes as in {@link WritePlan#fallbackDeletes()}
 */
public record AtomicPlan(int authority, NodeList followers, NodeList repairSources, NodeList fallbackDeletes) {
  private static final AtomicPlan ALL_DOWN =
      new AtomicPlan(-1, NodeList.empty(), NodeList.empty(), NodeList.empty());

  public AtomicPlan {
    Objects.requireNonNull(followers, "followers");
    Objects.requireNonNull(repairSources, "repairSources");
    Objects.requireNonNull(fallbackDeletes, "fallbackDeletes");
    if (authority >= 0 && (followers.contains(authority) || repairSources.contains(authority)
        || fallbackDeletes.contains(authority))) {
      throw new IllegalArgumentException("authority " + authority + " repeated in its own plan");
    }
  }

  static AtomicPlan allDownPlan() {
    return ALL_DOWN;
  }

  /** Whether no node is alive to decide. */
  public boolean allDown() {
    return authority < 0;
  }

  @Override
  public String toString() {
    if (allDown()) {
      return "AtomicPlan[all down]";
    }
    return "AtomicPlan[authority " + authority
        + (followers.isEmpty() ? "" : ", then " + followers)
        + (repairSources.isEmpty() ? "" : ", repair from " + repairSources)
        + (fallbackDeletes.isEmpty() ? "" : ", delete " + fallbackDeletes) + "]";
  }
}
