package io.mcjcache.cluster;

import static io.mcjcache.cluster.StoreFixture.OP_TIMEOUT_MS;
import static io.mcjcache.cluster.StoreFixture.awaitAlive;
import static io.mcjcache.cluster.StoreFixture.awaitDead;
import static io.mcjcache.cluster.StoreFixture.key;
import static io.mcjcache.cluster.StoreFixture.text;
import static io.mcjcache.cluster.StoreFixture.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcjcache.testkit.MemcachedCluster;
import io.mcjcache.testkit.MemcachedClusterExtension;
import io.mcjcache.testkit.MemcachedNode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Guarantee 4 (docs/design.md, "Guarantees"): with every node down, fail fast (allDown=error) or degrade
 * to misses.
 */
class AllNodesDownTest {
  @RegisterExtension
  static final MemcachedClusterExtension CLUSTER = MemcachedClusterExtension.withNodes(3);

  @Test
  void allDownErrorFailsWithinTwoOperationTimeouts() {
    MemcachedCluster cluster = CLUSTER.cluster();
    try (RoutedClusterStore store = StoreFixture.open(cluster, "mirror=pairs&allDown=error")) {
      store.put(key(1), value("v"), 0);
      killAllAndAwaitDead(cluster, store);
      for (Runnable op : List.<Runnable>of(() -> store.get(key(1)), () -> store.put(key(1), value("x"), 0),
          () -> store.delete(key(1)), () -> store.update(key(1), current -> Decision.keep(null)))) {
        long start = System.nanoTime();
        assertThatThrownBy(op::run).isInstanceOf(StoreUnavailableException.class)
            .hasMessageContaining("all 3 memcached nodes are down");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2L * OP_TIMEOUT_MS));
      }
    }
  }

  @Test
  void allDownMissDegradesToMissesAndDroppedWritesThenRecovers() {
    MemcachedCluster cluster = CLUSTER.cluster();
    int threadsBefore = Thread.activeCount();
    try (RoutedClusterStore store = StoreFixture.open(cluster, "mirror=pairs&allDown=miss")) {
      store.put(key(1), value("v"), 0);
      killAllAndAwaitDead(cluster, store);
      assertThat(store.get(key(1))).isNull();
      store.put(key(2), value("dropped"), 0);
      assertThat(store.figures().getDroppedWrites()).isEqualTo(1);
      assertThat(store.getAll(List.of(key(1), key(2)))).isEmpty();

      for (MemcachedNode node : cluster.nodes()) {
        node.restart();
      }
      for (int i = 0; i < cluster.size(); i++) {
        awaitAlive(store, i);
      }
      store.put(key(3), value("back"), 0);
      assertThat(text(store.get(key(3)))).isEqualTo("back");
    }
    // The store's threads (health prober, episode closer, one I/O thread per node) end with it.
    StoreFixture.await("store threads gone", Duration.ofSeconds(10), () -> Thread.activeCount() <= threadsBefore);
  }

  private static void killAllAndAwaitDead(MemcachedCluster cluster, RoutedClusterStore store) {
    for (MemcachedNode node : cluster.nodes()) {
      node.kill();
    }
    for (int i = 0; i < cluster.size(); i++) {
      awaitDead(store, i);
    }
  }
}
