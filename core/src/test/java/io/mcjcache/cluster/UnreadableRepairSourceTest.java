package io.mcjcache.cluster;

import static io.mcjcache.cluster.StoreFixture.value;
import static org.assertj.core.api.Assertions.assertThat;

import io.mcjcache.routing.HashAlgorithm;
import io.mcjcache.routing.MirrorMode;
import io.mcjcache.routing.PlacementProbes;
import io.mcjcache.routing.Router;
import io.mcjcache.routing.RoutingSettings;
import io.mcjcache.testkit.MemcachedCluster;
import io.mcjcache.testkit.MemcachedClusterExtension;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * README guarantee 3 when an atomic update cannot read the copy it needs: the multi-process random-fault
 * test met it with the host's agent probing (an authority back from a restart, its partner hung). Here the
 * key's home node dies, so its rehash target, which never held the key, becomes the authority of its atomic
 * updates and is repaired from the partner first; the partner hangs. The repair cannot read it, the
 * authority answers "absent", and the removal keeps what it sees: nothing. The partner's copy must then
 * never be served again: an unreadable repair source is dead at once, as after a failed write (and flushed
 * when it answers again). Before, it counted as one read failure, stayed alive, and served the removed value
 * as soon as it resumed.
 */
class UnreadableRepairSourceTest {
  private static final int NODES = 4;
  private static final int HOME = 1;

  @RegisterExtension
  static final MemcachedClusterExtension CLUSTER = MemcachedClusterExtension.withNodes(NODES);

  @Test
  void aRepairSourceThatCannotBeReadIsDeadAndItsCopyIsNotServed() {
    MemcachedCluster cluster = CLUSTER.cluster();
    Router router = new Router(new RoutingSettings(NODES, MirrorMode.PAIRS, HashAlgorithm.MODULO));
    String key = homedOn(router, "k");
    String other = homedOn(router, "o");
    int partner = PlacementProbes.partner(router, HOME);
    // Probes only at its start, and counts three failures before a read makes a node dead: whatever
    // happens to the partner here, the removal alone meets it.
    try (RoutedClusterStore store = StoreFixture.open(cluster,
        "mirror=pairs&namespace=urs&healthIntervalMs=600000&failuresToDead=3")) {
      store.put(key, value("v"), 0);
      cluster.node(HOME).kill();
      store.put(other, value("o"), 0); // a failed write: the home is dead now
      assertThat(store.view().isAlive(HOME)).as("the home after a failed write").isFalse();

      cluster.node(partner).pause();
      Boolean sawTheValue;
      try {
        sawTheValue = store.update(key, current -> current == null ? Decision.keep(false) : Decision.remove(true));
      } finally {
        cluster.node(partner).resume();
      }
      assertThat(sawTheValue).as("the removal could not see the partner's copy").isFalse();
      assertThat(store.view().isAlive(partner)).as("the partner, whose copy the removal could not read").isFalse();
      assertThat(store.get(key)).as("the key, read after the partner resumed").isNull();
    }
  }

  private static String homedOn(Router router, String prefix) {
    for (int i = 0;; i++) {
      String candidate = "urs:c:" + prefix + i;
      if (router.home(candidate.getBytes(StandardCharsets.US_ASCII)) == HOME) {
        return candidate;
      }
    }
  }
}
