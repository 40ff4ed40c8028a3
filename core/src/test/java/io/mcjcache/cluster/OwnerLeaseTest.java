package io.mcjcache.cluster;

import static io.mcjcache.cluster.StoreFixture.await;
import static io.mcjcache.cluster.StoreFixture.text;
import static io.mcjcache.cluster.StoreFixture.value;
import static org.assertj.core.api.Assertions.assertThat;

import io.mcjcache.testkit.MemcachedClusterExtension;
import io.mcjcache.transport.MemcachedTransport;
import io.mcjcache.transport.TransportSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * README guarantee 7 across clients: a claim that keeps losing holds a lease on the key's owner node,
 * and every other client's atomic update waits for it; a lease whose holder died expires. Two stores on
 * one cluster stand for two processes here (their claims are separate, as in two JVMs); the real
 * multi-process proof is the integration tests' {@code MultiProcessCounterTest}.
 */
class OwnerLeaseTest {
  @RegisterExtension
  static final MemcachedClusterExtension CLUSTER = MemcachedClusterExtension.withNodes(2);

  @Test
  void anotherClientsUpdateWaitsForTheLeaseAndRunsAfterTheHoldersWrite() throws Exception {
    String key = "t:lease:ordered";
    try (RoutedClusterStore holder = StoreFixture.open(CLUSTER.cluster(), "mirror=pairs");
        RoutedClusterStore other = StoreFixture.open(CLUSTER.cluster(), "mirror=pairs")) {
      holder.put(key, value("start"), 0);
      CompletableFuture<String> appended;
      try (KeyClaim claim = holder.claim(key)) {
        claim.contended();
        claim.contended(); // the second loss takes the lease
        assertThat(holder.figures().getLeases()).as("leases the holder took").isEqualTo(1);
        appended = CompletableFuture.supplyAsync(() -> other.update(key,
            current -> Decision.write(value(text(current) + "+other"), 0, text(current) + "+other")));
        await("the other client waits for the lease", Duration.ofSeconds(10),
            () -> other.figures().getLeaseWaits() > 0);
        holder.update(key, current -> Decision.write(value(text(current) + "+holder"), 0, null));
        assertThat(appended).as("the other client's update while the lease is held").isNotDone();
      }
      assertThat(appended.get(10, TimeUnit.SECONDS)).isEqualTo("start+holder+other");
      assertThat(text(holder.get(key))).isEqualTo("start+holder+other");
    }
  }

  @Test
  void aLeaseWhoseHolderDiedExpiresAndTheWaitingUpdateCompletes() throws Exception {
    String key = "t:lease:orphan";
    try (RoutedClusterStore store = StoreFixture.open(CLUSTER.cluster(), "mirror=pairs");
        MemcachedTransport raw = new MemcachedTransport(TransportSettings.of(CLUSTER.cluster().addresses()))) {
      store.put(key, value("before"), 0);
      String leaseKey = new OwnerLease(null, "t", Duration.ZERO).keyOf(key);
      int owner = ownerOf(store, key);
      // What a client that took the lease and was killed leaves behind: a lease nobody will delete.
      assertThat(raw.add(owner, leaseKey, OwnerLease.MIN_TTL_SECONDS, value("dead-client"))).isTrue();

      String result = store.update(key, current -> Decision.write(value("after"), 0, "applied"));

      assertThat(result).isEqualTo("applied");
      assertThat(store.figures().getLeaseWaits()).as("tries while the dead client's lease lived").isPositive();
      assertThat(store.figures().getLeases()).as("the lease taken once it expired").isEqualTo(1);
      // Given back without waiting (the store's own next request to the node is ordered after it).
      await("the lease given back", Duration.ofSeconds(10), () -> raw.get(owner, leaseKey) == null);
      assertThat(text(store.get(key))).isEqualTo("after");
    }
  }

  @Test
  void leaseKeysAreNeverListedAsKeysOfTheNamespace() {
    String key = "t:lease:listed";
    try (RoutedClusterStore store = StoreFixture.open(CLUSTER.cluster(), "mirror=pairs")) {
      store.put(key, value("v"), 0);
      try (KeyClaim claim = store.claim(key)) {
        claim.contended();
        claim.contended();
        assertThat(store.figures().getLeases()).isEqualTo(1);
        List<String> listed = new ArrayList<>();
        store.forEachKey("t:", listed::add); // the namespace prefix: what the rejoin flush, the closer and clear() list
        assertThat(listed).as("keys under the namespace's prefix").contains(key).noneMatch(k -> k.contains("!lease"));
      }
    }
  }

  @Test
  void aLeaseKeyTooLongForMemcachedIsADigest() {
    OwnerLease lease = new OwnerLease(null, "t", Duration.ZERO);
    String longKey = "t:c:" + "k".repeat(246);
    assertThat(lease.keyOf("t:c:short")).isEqualTo("t!lease:t:c:short");
    assertThat(lease.keyOf(longKey)).startsWith("t!lease:#").hasSizeLessThanOrEqualTo(250)
        .isNotEqualTo(lease.keyOf(longKey + "x"));
  }

  private static int ownerOf(RoutedClusterStore store, String key) {
    return new io.mcjcache.routing.Router(new io.mcjcache.routing.RoutingSettings(2,
        io.mcjcache.routing.MirrorMode.PAIRS, io.mcjcache.routing.HashAlgorithm.MODULO))
        .holders(RoutedClusterStore.bytes(key), store.view()).first();
  }
}
