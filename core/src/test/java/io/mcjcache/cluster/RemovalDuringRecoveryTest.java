package io.mcjcache.cluster;

import static io.mcjcache.cluster.StoreFixture.awaitAlive;
import static io.mcjcache.cluster.StoreFixture.awaitDead;
import static io.mcjcache.cluster.StoreFixture.keyWithHome;
import static io.mcjcache.cluster.StoreFixture.onceConnected;
import static io.mcjcache.cluster.StoreFixture.text;
import static io.mcjcache.cluster.StoreFixture.value;
import static org.assertj.core.api.Assertions.assertThat;

import io.mcjcache.testkit.MemcachedCluster;
import io.mcjcache.transport.MemcachedTransport;
import io.mcjcache.transport.TransportSettings;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * README guarantee 3 in the schedule that a long random-fault run met once in 3.5 million operations:
 * a key is written while its partner is dead (copies on the home node and a rehash target), the partner
 * comes back empty and is recovering, the key is removed, and then the home node is lost. The read falls
 * back to the partner, so the partner must not hold the removed value.
 *
 * <p>While the partner recovers, the episode closer copies the key's copies home to it with {@code add}
 * (a read repair does the same). A copy it read before the removal may land after the removal: only a
 * tombstone on the partner stops that {@code add}. The atomic path (a JCache {@code remove}) used to
 * bring the mirror to its result with a plain delete, so the late copy landed and the removed value came
 * back after the home node's loss. The schedule is scripted: the closer is held back (an older operation
 * is kept in flight, which it waits for) and its late copy is the same {@code add} it would send.
 */
class RemovalDuringRecoveryTest {
  private static final int NODES = 4;
  private static final int HOME = 1;
  private static final int PARTNER = 0;

  /** The three ways a removal reaches the servers. */
  enum Removal {
    ATOMIC {
      @Override
      void remove(ClusterStore store, String key) {
        Boolean sawTheValue = store.update(key, current -> current == null
            ? Decision.keep(false) : Decision.remove(true));
        assertThat(sawTheValue).as("the atomic removal saw the value").isTrue();
      }
    },
    SINGLE {
      @Override
      void remove(ClusterStore store, String key) {
        store.delete(key);
      }
    },
    BATCH {
      @Override
      void remove(ClusterStore store, String key) {
        store.deleteAll(List.of(key));
      }
    };

    abstract void remove(ClusterStore store, String key);
  }

  @ParameterizedTest
  @EnumSource(Removal.class)
  void aRemovalWhileThePartnerRecoversStaysRemovedWhenTheHomeNodeIsLostNext(Removal removal) throws Exception {
    String key = keyWithHome("t:removal-" + removal.name().toLowerCase() + ":k", NODES, HOME);
    try (MemcachedCluster cluster = MemcachedCluster.start(NODES);
        RoutedClusterStore store = StoreFixture.open(cluster, "mirror=pairs")) {
      cluster.node(PARTNER).kill();
      awaitDead(store, PARTNER);
      store.put(key, value("old"), 0);

      // An operation older than the partner's return keeps the episode closer waiting, so the partner
      // stays recovering for as long as this test needs.
      try (StoreFixture.Straggler straggler = StoreFixture.Straggler.start(store, "t:straggler")) {
        cluster.node(PARTNER).restart();
        awaitAlive(store, PARTNER);
        assertThat(store.view().isRecovering(PARTNER)).as("the partner recovers").isTrue();

        removal.remove(store, key);
        boolean lateCopyLanded = addAsTheCloserWould(cluster, key, "old");

        cluster.node(HOME).kill();
        awaitDead(store, HOME);
        assertThat(text(store.get(key)))
            .as("read of a removed key after the home node's loss (the closer's late copy %s)",
                lateCopyLanded ? "landed on the partner" : "was refused")
            .isNull();
        assertThat(lateCopyLanded).as("a late add on the recovering partner finds the removal's tombstone").isFalse();
      }
    }
  }

  /** The episode closer's copy home, sent on a connection of its own to the restarted partner. */
  private static boolean addAsTheCloserWould(MemcachedCluster cluster, String key, String old) {
    try (MemcachedTransport raw = new MemcachedTransport(TransportSettings.builder(cluster.addresses())
        .opTimeout(Duration.ofSeconds(2)).build())) {
      return onceConnected(() -> raw.add(PARTNER, key, 0, value(old)));
    }
  }
}
