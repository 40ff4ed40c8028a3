package io.mcjcache.cluster;

import static io.mcjcache.cluster.StoreFixture.await;
import static io.mcjcache.cluster.StoreFixture.awaitAlive;
import static io.mcjcache.cluster.StoreFixture.awaitDead;
import static io.mcjcache.cluster.StoreFixture.value;
import static org.assertj.core.api.Assertions.assertThat;

import io.mcjcache.health.ClusterRecordView;
import io.mcjcache.health.HostView;
import io.mcjcache.health.LivenessRecord;
import io.mcjcache.routing.HashAlgorithm;
import io.mcjcache.routing.MirrorMode;
import io.mcjcache.routing.Router;
import io.mcjcache.routing.RoutingSettings;
import io.mcjcache.testkit.MemcachedCluster;
import io.mcjcache.testkit.MemcachedClusterExtension;
import io.mcjcache.testkit.MemcachedNode;
import io.mcjcache.transport.MemcachedTransport;
import io.mcjcache.transport.TestCalls;
import io.mcjcache.transport.TransportSettings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The cluster record on real servers: stores that keep their own view ({@code liveness.file=none}) stand
 * for processes on different hosts, which share nothing but the nodes (the claims about real separate
 * processes are proven with child JVMs in the integration tests). Each test has its own namespace, so its
 * record starts empty.
 */
class ClusterRecordTest {
  private static final int NODES = 3;
  /** A bound for conditions the record makes true within about one sync; not a timing goal. */
  private static final Duration SOON = Duration.ofSeconds(5);

  @RegisterExtension
  static final MemcachedClusterExtension CLUSTER = MemcachedClusterExtension.withNodes(NODES);

  @Test
  void aNodeOneHostDeclaredDeadIsAvoidedByAnotherThatNeverTouchedIt() {
    MemcachedCluster cluster = CLUSTER.cluster();
    MemcachedNode suspect = cluster.node(1);
    try (RoutedClusterStore writer = open(cluster, "crAvoid", "");
        // Probes rarely and tolerates failures: it cannot notice the hang by itself.
        RoutedClusterStore reader = open(cluster, "crAvoid", "&healthIntervalMs=60000&failuresToDead=100")) {
      suspect.pause();
      for (int i = 0; i < 50; i++) {
        writer.put("crAvoid:c:k" + i, value("v"), 0);
      }
      awaitDead(writer, 1);
      await("the reader avoids node 1", SOON, () -> !reader.view().isAlive(1));

      assertThat(reader.figures().getTransitionsFromCluster()).as("transitions the reader took from the record")
          .isEqualTo(1);
      assertThat(reader.figures().getProbeRounds()).as("the reader's own probe rounds (its first, at start)")
          .isEqualTo(1);
      assertThat(reader.figures().getLivenessView()).startsWith("own; cluster record every 200 ms");
    }
  }

  @Test
  void aReturningNodeIsFlushedOnceAndTheOtherHostTakesItBackWithoutFlushing() {
    MemcachedCluster cluster = CLUSTER.cluster();
    MemcachedNode suspect = cluster.node(2);
    try (RoutedClusterStore first = open(cluster, "crOnce", "");
        RoutedClusterStore second = open(cluster, "crOnce", "")) {
      for (int i = 0; i < 200; i++) {
        first.put("crOnce:c:k" + i, value("old"), 0);
      }
      suspect.pause();
      for (int i = 0; i < 200; i++) {
        first.put("crOnce:c:k" + i, value("new"), 0);
      }
      awaitDead(first, 2);
      awaitDead(second, 2);
      suspect.resume();
      awaitAlive(first, 2);
      awaitAlive(second, 2);

      assertThat(first.figures().getFlushes() + second.figures().getFlushes())
          .as("rejoin flushes by both hosts together").isEqualTo(1);
      assertThat(first.figures().getFlushedKeys() + second.figures().getFlushedKeys())
          .as("keys the one flush deleted (the superseded 'old' copies among them)").isPositive();
      RoutedClusterStore follower = first.figures().getFlushes() == 0 ? first : second;
      assertThat(follower.figures().getTransitionsFromCluster()).as("the follower took the return from the record")
          .isPositive();
      for (int i = 0; i < 200; i++) {
        assertThat(StoreFixture.text(follower.get("crOnce:c:k" + i))).isEqualTo("new");
      }
    }
  }

  /**
   * The return, seen from two hosts: the host that flushed the node takes it back before the other has
   * read the record again (here up to 2 s later). Meanwhile the other still writes around the node; the
   * first must not read the node's copy of a key the other has since overwritten or removed. It does not:
   * between the flush and its return the node is "returning" on every host, written around and only
   * deleted from, until every host has had a sync interval to see it.
   */
  @Test
  void whileHostsTakeAReturnedNodeBackNoneReadsACopyAnotherHostWroteAround() {
    MemcachedCluster cluster = CLUSTER.cluster();
    MemcachedNode suspect = cluster.node(1);
    Router router = new Router(new RoutingSettings(NODES, MirrorMode.PAIRS, HashAlgorithm.MODULO));
    List<String> keys = new ArrayList<>();
    for (int i = 0; keys.size() < 40; i++) {
      String key = "crTurn:c:k" + i;
      if (router.home(key.getBytes(StandardCharsets.US_ASCII)) == 1) {
        keys.add(key);
      }
    }
    String slowSync = "&liveness.syncMs=2000";
    try (RoutedClusterStore flusher = open(cluster, "crTurn", slowSync + "&successesToAlive=1");
        // Never probes after its first round: it learns the death and the return from the record alone.
        RoutedClusterStore other = open(cluster, "crTurn", slowSync + "&healthIntervalMs=60000")) {
      for (String key : keys) {
        flusher.put(key, value("before"), 0);
      }
      suspect.pause();
      flusher.put(keys.get(0), value("during"), 0);
      awaitDead(flusher, 1);
      await("the other host avoids node 1", SOON, () -> !other.view().isAlive(1));
      suspect.resume();
      await("the flusher flushed node 1", SOON, () -> flusher.figures().getFlushes() == 1);

      int stale = 0;
      for (int i = 0; i < keys.size(); i++) {
        String key = keys.get(i);
        flusher.put(key, value("first"), 0);
        boolean removed = i % 4 == 0;
        if (removed) {
          other.delete(key);
        } else {
          other.put(key, value("second"), 0);
        }
        byte[] read = flusher.get(key);
        if (removed ? read != null : !"second".equals(StoreFixture.text(read))) {
          stale++;
        }
      }
      boolean otherStillAvoided = !other.view().isAlive(1);
      assertThat(stale).as("superseded or removed values the flusher read (the other host still avoided node 1: "
          + otherStillAvoided + ")").isZero();

      awaitAlive(flusher, 1);
      awaitAlive(other, 1);
      for (int i = 0; i < keys.size(); i++) {
        String expected = i % 4 == 0 ? null : "second";
        assertThat(StoreFixture.text(flusher.get(keys.get(i)))).as(keys.get(i)).isEqualTo(expected);
        assertThat(StoreFixture.text(other.get(keys.get(i)))).as(keys.get(i)).isEqualTo(expected);
      }
      assertThat(flusher.figures().getFlushes() + other.figures().getFlushes()).as("flushes").isEqualTo(1);
    }
  }

  @Test
  void aCopyFromANodeThatWasAwayNeverRollsTheViewBack() throws Exception {
    MemcachedCluster cluster = CLUSTER.cluster();
    try (RoutedClusterStore first = open(cluster, "crBack", "");
        MemcachedTransport raw = new MemcachedTransport(TransportSettings.builder(cluster.addresses()).build())) {
      cluster.node(2).kill();
      first.put("crBack:c:k", value("v"), 0); // reaches node 2's connection or the probe finds it gone
      awaitDead(first, 2);
      String key = ClusterRecordView.recordKey("crBack");
      await("node 2 dead in the record on node 0", SOON,
          () -> recordOn(raw, 0, cluster, "crBack").contains("2:1 dead"));
      // Node 0's copy as it was before anyone knew: every node alive. A node that was away holds such a copy.
      TestCalls.set(raw, 0, key, 0, LivenessRecord.empty(NODES).encode(clusterHash(cluster, "crBack")));

      try (RoutedClusterStore late = open(cluster, "crBack", "&healthIntervalMs=60000")) {
        await("the late store learns node 2 is dead", SOON, () -> !late.view().isAlive(2));
        await("node 0's copy is repaired", SOON, () -> recordOn(raw, 0, cluster, "crBack").contains("2:1 dead"));
        assertThat(first.view().isAlive(2)).as("the first store's view after reading the old copy").isFalse();
      }
    }
  }

  @Test
  void aDamagedCopyIsReplacedAndAnotherVersionsIsLeftAlone() throws Exception {
    MemcachedCluster cluster = CLUSTER.cluster();
    String key = ClusterRecordView.recordKey("crBad");
    try (MemcachedTransport raw = new MemcachedTransport(TransportSettings.builder(cluster.addresses()).build())) {
      TestCalls.set(raw, 0, key, 0, "not a record".getBytes(StandardCharsets.US_ASCII));
      byte[] nextVersion = LivenessRecord.empty(NODES).encode(clusterHash(cluster, "crBad"));
      nextVersion[4] = 2;
      TestCalls.set(raw, 1, key, 0, nextVersion);
      try (RoutedClusterStore store = open(cluster, "crBad", "")) {
        await("node 0's damaged copy replaced", SOON, () -> recordOn(raw, 0, cluster, "crBad").startsWith("["));
        assertThat(store.figures().getClusterRecordReads()).isPositive();
        assertThat(raw.get(1, key)).as("the copy of another version").isEqualTo(nextVersion);
        assertThat(store.view().deadNodes().isEmpty()).as("no node dead").isTrue();
      }
    }
  }

  private static RoutedClusterStore open(MemcachedCluster cluster, String namespace, String more) {
    return StoreFixture.open(cluster, "mirror=pairs&liveness.file=none&liveness.syncMs=200&namespace=" + namespace
        + more);
  }

  /** The record on a node as {@link LivenessRecord#toString()}, or why it is not one. */
  private static String recordOn(MemcachedTransport raw, int node, MemcachedCluster cluster, String namespace) {
    byte[] bytes = raw.get(node, ClusterRecordView.recordKey(namespace));
    if (bytes == null) {
      return "absent";
    }
    try {
      return LivenessRecord.decode(bytes, NODES, clusterHash(cluster, namespace)).toString();
    } catch (LivenessRecord.BadRecordException e) {
      return "bad: " + e.getMessage();
    }
  }

  /** The cluster field of the namespace's record: from the identity {@code namespace@host:port,...}. */
  private static long clusterHash(MemcachedCluster cluster, String namespace) {
    return HostView.clusterHash(namespace + "@" + cluster.uri().substring("memcached://".length()));
  }
}
