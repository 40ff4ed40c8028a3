package io.mcjcache.cluster;

import static io.mcjcache.cluster.StoreFixture.OP_TIMEOUT_MS;
import static io.mcjcache.cluster.StoreFixture.keyWithHome;
import static io.mcjcache.cluster.StoreFixture.text;
import static io.mcjcache.cluster.StoreFixture.value;
import static org.assertj.core.api.Assertions.assertThat;

import io.mcjcache.testkit.MemcachedClusterExtension;
import java.time.Duration;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Guarantee 5 (docs/design.md, "Guarantees"): no operation blocks longer than {@code opTimeoutMs} times the
 * number of nodes it must try, measured against a hung (SIGSTOPped) home node that liveness has not noticed
 * yet. The bound has a margin for scheduling on a busy machine; it is not a performance goal.
 */
class OperationTimeBoundTest {
  private static final Duration MARGIN = Duration.ofMillis(400);

  @RegisterExtension
  static final MemcachedClusterExtension CLUSTER = MemcachedClusterExtension.withNodes(4);

  @Test
  void readsAndWritesOfAKeyWhoseHomeHangsAreBoundedByTheNodesTried() {
    // Probes far apart and a high failure count: only the operations themselves meet the hung node.
    try (RoutedClusterStore store = StoreFixture.open(CLUSTER.cluster(),
        "mirror=pairs&healthIntervalMs=600000&failuresToDead=1000")) {
      String key = keyWithHome("t:bound:k", 4, 0);
      store.put(key, value("before"), 0);
      CLUSTER.cluster().node(0).pause();

      // Read: the home times out, its mirror answers: two nodes tried.
      String read = within(2, () -> text(store.get(key)));
      assertThat(read).isEqualTo("before");

      // Write: the home times out (and is declared dead), the write is re-planned onto live nodes.
      within(3, () -> {
        store.put(key, value("after"), 0);
        return null;
      });
      assertThat(store.view().isAlive(0)).as("a failed write kills the node at once").isFalse();
      assertThat(within(1, () -> text(store.get(key)))).isEqualTo("after");
    }
  }

  private static <T> T within(int nodesTried, Supplier<T> operation) {
    long start = System.nanoTime();
    T result = operation.get();
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat(took).as("an operation trying %d node(s)", nodesTried)
        .isLessThan(Duration.ofMillis((long) OP_TIMEOUT_MS * nodesTried).plus(MARGIN));
    return result;
  }
}
