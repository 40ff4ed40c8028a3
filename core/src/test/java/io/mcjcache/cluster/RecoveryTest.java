package io.mcjcache.cluster;

import static io.mcjcache.cluster.StoreFixture.awaitAlive;
import static io.mcjcache.cluster.StoreFixture.awaitDead;
import static io.mcjcache.cluster.StoreFixture.awaitRecovered;
import static io.mcjcache.cluster.StoreFixture.text;
import static io.mcjcache.cluster.StoreFixture.value;
import static org.assertj.core.api.Assertions.assertThat;

import io.mcjcache.testkit.MemcachedCluster;
import io.mcjcache.testkit.MemcachedClusterExtension;
import io.mcjcache.testkit.MemcachedNode;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Guarantees 2 and 3 (docs/design.md, "Guarantees") across a node's downtime: keys written before or during
 * it are found afterwards with their latest value, and nothing superseded or removed comes back, whether the
 * node returns empty (killed and restarted) or with its old data (paused and resumed).
 */
class RecoveryTest {
  private static final int KEYS = 3_000;

  @RegisterExtension
  static final MemcachedClusterExtension CLUSTER = MemcachedClusterExtension.withNodes(4);

  /** Keys of the running test only: tests share the cluster, and leftovers of one must not meet another. */
  private String test;

  @BeforeEach
  void name(TestInfo info) {
    test = info.getTestMethod().orElseThrow().getName();
  }

  private String key(int i) {
    return StoreFixture.key(test, i);
  }

  @Test
  void keysWrittenBeforeAndDuringTheDowntimeOfARestartedNodeReadBackLatest() {
    MemcachedCluster cluster = CLUSTER.cluster();
    try (RoutedClusterStore store = StoreFixture.open(cluster, "mirror=pairs")) {
      Map<String, String> expected = loadAndDisturb(store, () -> {
        cluster.node(1).kill();
        awaitDead(store, 1);
      }, () -> {
        cluster.node(1).restart();
        awaitAlive(store, 1);
      });
      assertLatest(store, expected);
      awaitRecovered(store, 1);
      assertLatest(store, expected);
      assertThat(store.figures().getRehashes()).as("writes diverted while node 1 was dead").isPositive();
    }
  }

  @Test
  void pausedNodeThatResumesWithOldValuesNeverServesThem() {
    MemcachedCluster cluster = CLUSTER.cluster();
    try (RoutedClusterStore store = StoreFixture.open(cluster, "mirror=pairs")) {
      MemcachedNode node = cluster.node(2);
      Map<String, String> expected = loadAndDisturb(store, () -> {
        node.pause();
        awaitDead(store, 2);
      }, () -> {
        node.resume();
        awaitAlive(store, 2);
      });
      assertLatest(store, expected);
      assertThat(store.figures().getFlushedKeys()).as("the resumed node's old keys were dropped").isPositive();
      awaitRecovered(store, 2);
      assertLatest(store, expected);
    }
  }

  @Test
  void withRejoinTrustAResumedNodeIsTakenBackWithoutFlush() {
    MemcachedCluster cluster = CLUSTER.cluster();
    try (RoutedClusterStore store = StoreFixture.open(cluster, "mirror=pairs&rejoin=trust")) {
      for (int i = 0; i < 200; i++) {
        store.put(key(i), value("v" + i), 0);
      }
      long held = cluster.node(0).itemCount();
      assertThat(held).as("node 0 holds keys that a flush would drop").isPositive();
      cluster.node(0).pause();
      awaitDead(store, 0);
      cluster.node(0).resume();
      awaitAlive(store, 0);
      assertThat(store.figures().getFlushedKeys()).isZero();
      assertThat(cluster.node(0).itemCount()).as("the trusted node kept its items").isEqualTo(held);
    }
  }

  @Test
  void theSameNodeFailingTwiceNeverServesACopyFromItsFirstEpisode() {
    MemcachedCluster cluster = CLUSTER.cluster();
    try (RoutedClusterStore store = StoreFixture.open(cluster, "mirror=none")) {
      Map<String, String> expected = new HashMap<>();
      for (int round = 0; round < 2; round++) {
        cluster.node(3).kill();
        awaitDead(store, 3);
        for (int i = 0; i < KEYS; i++) {
          String v = "round" + round + "-" + i;
          store.put(key(i), value(v), 0);
          expected.put(key(i), v);
        }
        cluster.node(3).restart();
        awaitAlive(store, 3);
        // Overwrite while node 3 is back: the copies diverted during this episode become superseded.
        for (int i = 0; i < KEYS; i += 2) {
          String v = "after" + round + "-" + i;
          store.put(key(i), value(v), 0);
          expected.put(key(i), v);
        }
        assertNoStale(store, expected);
      }
      awaitRecovered(store, 3);
      assertNoStale(store, expected);
    }
  }

  /**
   * Loads keys, takes a node away, overwrites half and removes a tenth while it is away, brings it
   * back; returns what every key must now read as (null = removed).
   */
  private Map<String, String> loadAndDisturb(RoutedClusterStore store, Runnable takeAway, Runnable bringBack) {
    Map<String, String> expected = new HashMap<>();
    for (int i = 0; i < KEYS; i++) {
      store.put(key(i), value("old" + i), 0);
      expected.put(key(i), "old" + i);
    }
    takeAway.run();
    for (int i = 0; i < KEYS; i++) {
      if (i % 10 == 0) {
        store.delete(key(i));
        expected.put(key(i), null);
      } else if (i % 2 == 0) {
        store.put(key(i), value("new" + i), 0);
        expected.put(key(i), "new" + i);
      }
    }
    for (int i = KEYS; i < KEYS + 500; i++) {
      store.put(key(i), value("during" + i), 0);
      expected.put(key(i), "during" + i);
    }
    bringBack.run();
    // Removals right after the return, while the node may still be recovering: they must not come back
    // through a read repair or the episode closer's key moves.
    for (int i = 1; i < KEYS; i += 10) {
      store.delete(key(i));
      expected.put(key(i), null);
    }
    return expected;
  }

  /** Every key reads back exactly as expected: nothing lost, nothing stale, nothing resurrected. */
  private static void assertLatest(RoutedClusterStore store, Map<String, String> expected) {
    Map<String, String> wrong = new TreeMap<>();
    expected.forEach((k, v) -> {
      String actual = text(store.get(k));
      if (!Objects.equals(actual, v)) {
        wrong.put(k, actual + " (expected " + v + ")");
      }
    });
    assertThat(wrong).as("keys that read wrong, of %d; %s", expected.size(), store.figures()).isEmpty();
  }

  /** A cache may forget (mirror=none), but a value it returns is the latest. */
  private static void assertNoStale(RoutedClusterStore store, Map<String, String> expected) {
    expected.forEach((k, v) -> {
      String actual = text(store.get(k));
      if (actual != null) {
        assertThat(actual).as(k).isEqualTo(v);
      }
    });
  }
}
