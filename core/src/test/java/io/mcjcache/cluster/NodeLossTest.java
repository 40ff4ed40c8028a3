package io.mcjcache.cluster;

import static io.mcjcache.cluster.StoreFixture.awaitDead;
import static io.mcjcache.cluster.StoreFixture.key;
import static io.mcjcache.cluster.StoreFixture.text;
import static io.mcjcache.cluster.StoreFixture.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.mcjcache.testkit.MemcachedClusterExtension;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Guarantee 1 (docs/design.md, "Guarantees"): losing 1 of N nodes loses at most its share, and nothing
 * with a live mirror.
 */
class NodeLossTest {
  private static final int KEYS = 8_000;
  /**
   * The kill is seen at once (connections are refused); a patient timeout keeps a client starved of CPU
   * (a busy build machine) from timing out healthy nodes, which would make this test about load.
   */
  private static final String PATIENT = "&opTimeoutMs=1000";

  @RegisterExtension
  static final MemcachedClusterExtension CLUSTER = MemcachedClusterExtension.withNodes(8);

  @Test
  void withoutMirrorKillingOneOfEightLosesAboutAnEighth() {
    try (RoutedClusterStore store = StoreFixture.open(CLUSTER.cluster(), "mirror=none" + PATIENT)) {
      load(store, "none");
      CLUSTER.cluster().node(3).kill();
      awaitDead(store, 3);
      double found = foundFraction(store, "none");
      assertThat(found).isCloseTo(7.0 / 8, within(0.02));
      assertThat(store.figures().getNodeStates().get(3)).contains("DEAD");
    }
  }

  @Test
  void withPairsKillingOneOfEightLosesNothing() {
    try (RoutedClusterStore store = StoreFixture.open(CLUSTER.cluster(), "mirror=pairs" + PATIENT)) {
      load(store, "pairs");
      CLUSTER.cluster().node(5).kill();
      awaitDead(store, 5);
      assertThat(foundFraction(store, "pairs")).isEqualTo(1.0);
      assertThat(store.figures().getFailovers()).as("reads served by a node other than the home").isPositive();
    }
  }

  @Test
  void withPairsReadsStillFindEverythingBeforeTheNodeIsDeclaredDead() {
    try (RoutedClusterStore store =
        StoreFixture.open(CLUSTER.cluster(), "mirror=pairs&healthIntervalMs=60000&failuresToDead=1000")) {
      load(store, "early");
      CLUSTER.cluster().node(2).kill();
      // Liveness will not notice for a long time: each read that fails on the home node tries the mirror.
      assertThat(foundFraction(store, "early")).isEqualTo(1.0);
    }
  }

  @Test
  void batchReadsFollowTheSamePlansAsSingleReads() {
    try (RoutedClusterStore store = StoreFixture.open(CLUSTER.cluster(), "mirror=pairs" + PATIENT)) {
      load(store, "batch");
      CLUSTER.cluster().node(6).kill();
      awaitDead(store, 6);
      Map<String, String> expected = new HashMap<>();
      for (int i = 0; i < KEYS; i++) {
        expected.put(key("batch", i), "batch" + i);
      }
      Map<String, byte[]> found = store.getAll(expected.keySet());
      Map<String, String> decoded = new HashMap<>();
      found.forEach((k, v) -> decoded.put(k, text(v)));
      assertThat(decoded).as("%d of %d found by getAll; %s; %s", decoded.size(), expected.size(),
          store.view(), store.figures()).isEqualTo(expected);
    }
  }

  private static void load(RoutedClusterStore store, String tag) {
    Map<String, StoreItem> items = new HashMap<>();
    for (int i = 0; i < KEYS; i++) {
      items.put(key(tag, i), new StoreItem(value(tag + i), 0));
    }
    store.putAll(items);
  }

  private static double foundFraction(RoutedClusterStore store, String tag) {
    int found = 0;
    for (int i = 0; i < KEYS; i++) {
      String v = text(store.get(key(tag, i)));
      if (v != null) {
        assertThat(v).isEqualTo(tag + i);
        found++;
      }
    }
    return found / (double) KEYS;
  }
}
