package io.mcjcache.cluster;

import static io.mcjcache.cluster.StoreFixture.HEALTH_INTERVAL_MS;
import static io.mcjcache.cluster.StoreFixture.awaitDead;
import static io.mcjcache.cluster.StoreFixture.text;
import static io.mcjcache.cluster.StoreFixture.value;
import static org.assertj.core.api.Assertions.assertThat;

import io.mcjcache.testkit.MemcachedCluster;
import io.mcjcache.testkit.MemcachedClusterExtension;
import io.mcjcache.testkit.MemcachedNode;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Across hosts without the cluster record ({@code liveness.syncMs=0}), staleness is possible, and its
 * bound is measured here (the "before" of the record, whose own tests are {@code ClusterRecordTest} and,
 * with real separate processes, the integration tests' {@code CrossHostViewTest}). Two stores on the same servers and namespace stand for two JVMs (each has its own
 * connections and its own health view). A node hangs (SIGSTOP) while the first client writes: that
 * client declares it dead and writes around it; the second client never touched it during the hang and
 * still trusts it. When the node resumes, it holds the values the first client superseded, and the
 * second client reads them from it until the first client, seeing the node answer again, has flushed
 * it ({@code rejoin=flush}). Measured here: that window, from the resume to the second client's last
 * stale read. docs/operations.md reports it. Both clients keep their own view ({@code liveness.file=none}):
 * they stand for processes on two hosts, which share no liveness file.
 */
class CrossClientStalenessTest {
  private static final int KEYS = 300;
  private static final int SUSPECT = 1;
  /** Far above the expected window (two probe intervals and a flush); a bound, not a timing goal. */
  private static final long WINDOW_BOUND_MS = 5_000;

  @RegisterExtension
  static final MemcachedClusterExtension CLUSTER = MemcachedClusterExtension.withNodes(3);

  @Test
  void aNodeOneClientWroteAroundServesTheOtherClientOldValuesOnlyUntilTheFirstFlushesIt() {
    MemcachedCluster cluster = CLUSTER.cluster();
    MemcachedNode suspect = cluster.node(SUSPECT);
    try (RoutedClusterStore writer = StoreFixture.open(cluster,
        "mirror=pairs&liveness.file=none&liveness.syncMs=0");
        // The reader probes rarely and tolerates failures: it must not notice the short hang on its own.
        RoutedClusterStore reader = StoreFixture.open(cluster,
            "mirror=pairs&healthIntervalMs=5000&failuresToDead=10&liveness.file=none&liveness.syncMs=0")) {
      for (int i = 0; i < KEYS; i++) {
        writer.put(key(i), value("old"), 0);
      }
      for (int i = 0; i < KEYS; i++) {
        assertThat(text(reader.get(key(i)))).isEqualTo("old");
      }
      long suspectItems = suspect.itemCount();
      assertThat(suspectItems).as("node " + SUSPECT + " holds some of the keys").isPositive();

      suspect.pause();
      for (int i = 0; i < KEYS; i++) {
        writer.put(key(i), value("new"), 0);
      }
      awaitDead(writer, SUSPECT);
      suspect.resume();
      long resumedAt = System.nanoTime();

      long staleReads = 0;
      long lastStaleAt = resumedAt;
      int cleanPasses = 0;
      while (cleanPasses < 3) {
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - resumedAt);
        assertThat(elapsedMs).as("the second client still reads superseded values").isLessThan(WINDOW_BOUND_MS);
        int stale = 0;
        for (int i = 0; i < KEYS; i++) {
          if ("old".equals(text(reader.get(key(i))))) {
            stale++;
          }
        }
        if (stale > 0) {
          staleReads += stale;
          lastStaleAt = System.nanoTime();
          cleanPasses = 0;
        } else {
          cleanPasses++;
        }
      }
      long windowMs = TimeUnit.NANOSECONDS.toMillis(lastStaleAt - resumedAt);
      System.out.printf("cross-client staleness: %d stale reads of %d keys, the last %d ms after the resume "
          + "(writer: health interval %d ms, successesToAlive 2); the writer flushed %d keys%n", staleReads,
          KEYS, windowMs, HEALTH_INTERVAL_MS, writer.figures().getFlushedKeys());

      assertThat(reader.view().isAlive(SUSPECT)).as("the reader never declared the node dead").isTrue();
      assertThat(writer.figures().getFlushedKeys()).as("the writer flushed the node on its return").isPositive();
      for (int i = 0; i < KEYS; i++) {
        String seen = text(reader.get(key(i)));
        assertThat(seen).as(key(i) + " after the flush").isNotEqualTo("old");
      }
    }
  }

  private static String key(int i) {
    return StoreFixture.key("crossClient", i);
  }
}
