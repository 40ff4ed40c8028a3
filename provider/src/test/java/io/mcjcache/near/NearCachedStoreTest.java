package io.mcjcache.near;

import static io.mcjcache.near.Items.item;
import static io.mcjcache.near.Items.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcjcache.cluster.Decision;
import io.mcjcache.cluster.InMemoryClusterStore;
import io.mcjcache.cluster.StoreItem;
import io.mcjcache.config.NearCacheSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import javax.cache.CacheException;
import org.junit.jupiter.api.Test;

/**
 * The near cache's rules for one JVM, on an in-memory store: what it holds after each kind of call,
 * and that a read racing a local write, overlapping writes or an invalidation never leave an older item
 * held (guarantee 3 must survive the near cache: docs/design.md, "Guarantees").
 */
class NearCachedStoreTest {
  private static final NearCacheSettings LONG_LIVED = new NearCacheSettings(1000, 600_000);

  private final InMemoryClusterStore servers = new InMemoryClusterStore();
  /** The hit counters the near caches under test handed to the figures and have not taken back. */
  private final List<LongSupplier> hitCounters = new ArrayList<>();

  private NearCachedStore nearOver(io.mcjcache.cluster.ClusterStore store) {
    return new NearCachedStore(store, LONG_LIVED,
        new NearFigures(hitCounters::add, hitCounters::remove, keys -> {}), Runnable::run);
  }

  /** What the router figures would show as near hits of the open near caches. */
  private long nearHits() {
    return hitCounters.stream().mapToLong(LongSupplier::getAsLong).sum();
  }

  @Test
  void aHeldItemIsServedWithoutAskingTheServersAndCountedAsANearHit() {
    NearCachedStore near = nearOver(servers);
    servers.put("k", item("v1"), 0);
    servers.resetCalls();

    assertThat(text(near.get("k"))).isEqualTo("v1");
    assertThat(text(near.get("k"))).isEqualTo("v1");
    assertThat(text(near.get("k"))).isEqualTo("v1");

    assertThat(servers.calls("get")).isEqualTo(1);
    assertThat(nearHits()).isEqualTo(2);
    assertThat(near.counts().hits()).isEqualTo(2);
  }

  /** allDown=miss: reads are to miss and writes are dropped, so the near cache must neither answer nor remember. */
  @Test
  void whileTheServersAreUnavailableNothingIsServedOrHeldLocally() {
    java.util.concurrent.atomic.AtomicBoolean down = new java.util.concurrent.atomic.AtomicBoolean();
    io.mcjcache.cluster.ClusterStore outage = new io.mcjcache.cluster.ForwardingClusterStore(servers) {
      @Override
      public boolean isUnavailable() {
        return down.get();
      }

      @Override
      public byte[] get(String key) {
        return down.get() ? null : super.get(key);
      }
    };
    NearCachedStore near = nearOver(outage);
    servers.put("held", item("v1"), 0);
    assertThat(text(near.get("held"))).isEqualTo("v1");

    down.set(true);
    assertThat(near.get("held")).as("no near answer while the servers cannot answer").isNull();
    near.put("written", item("dropped"), 0);
    down.set(false);
    servers.delete("written");
    assertThat(near.get("written")).as("a write made during the outage was not remembered").isNull();
  }

  @Test
  void anAbsentKeyIsAskedForEveryTime() {
    NearCachedStore near = nearOver(servers);

    assertThat(near.get("absent")).isNull();
    assertThat(near.get("absent")).isNull();

    assertThat(servers.calls("get")).isEqualTo(2);
    assertThat(nearHits()).isZero();
  }

  @Test
  void aWriteLeavesItsItemHeldAndARemovalLeavesNothing() {
    NearCachedStore near = nearOver(servers);
    near.put("k", item("v1"), 0);
    servers.resetCalls();
    assertThat(text(near.get("k"))).isEqualTo("v1");
    assertThat(servers.calls("get")).isZero();

    near.delete("k");
    assertThat(near.get("k")).isNull();
    assertThat(servers.calls("get")).isEqualTo(1);

    near.putAll(Map.of("a", new StoreItem(item("A"), 0), "b", new StoreItem(item("B"), 0)));
    servers.resetCalls();
    assertThat(near.getAll(List.of("a", "b"))).containsOnlyKeys("a", "b");
    assertThat(servers.calls("getAll")).isZero();

    near.deleteAll(List.of("a"));
    assertThat(near.getAll(List.of("a", "b"))).containsOnlyKeys("b");
    assertThat(servers.calls("getAll")).isEqualTo(1);
  }

  @Test
  void getAllServesHeldKeysAndFetchesOnlyTheRestInOneCall() {
    NearCachedStore near = nearOver(servers);
    servers.putAll(Map.of("a", new StoreItem(item("A"), 0), "b", new StoreItem(item("B"), 0),
        "c", new StoreItem(item("C"), 0)));
    near.get("a");
    servers.resetCalls();

    Map<String, byte[]> found = near.getAll(List.of("a", "b", "c", "absent"));

    assertThat(found).containsOnlyKeys("a", "b", "c");
    assertThat(servers.calls("getAll")).isEqualTo(1);
    assertThat(nearHits()).isEqualTo(1);
    servers.resetCalls();
    assertThat(near.getAll(List.of("a", "b", "c"))).hasSize(3);
    assertThat(servers.calls("getAll")).isZero();
  }

  /** The owner node's value after the last decision: written, removed, or the one the update saw. */
  @Test
  void anUpdateLeavesWhatTheOwnerNodeHoldsAfterItsLastDecision() {
    NearCachedStore near = nearOver(servers);
    near.put("k", item("mine"), 0);
    servers.put("k", item("another JVM's"), 0);
    assertThat(text(near.get("k"))).isEqualTo("mine"); // stale until ttlMs: that is the cross-JVM bound

    near.update("k", current -> Decision.keep(null));
    servers.resetCalls();
    assertThat(text(near.get("k"))).isEqualTo("another JVM's");
    assertThat(servers.calls("get")).isZero();

    near.update("k", current -> Decision.write(item("updated"), 0, null));
    assertThat(text(near.get("k"))).isEqualTo("updated");
    assertThat(servers.calls("get")).isZero();

    near.update("k", current -> Decision.remove(null));
    assertThat(near.get("k")).isNull();
    assertThat(servers.calls("get")).isEqualTo(1);
  }

  /** A write that failed may or may not have reached the servers: nothing about the key is trusted. */
  @Test
  void aFailedWriteLeavesNothingHeld() {
    PausingStore store = new PausingStore(servers);
    NearCachedStore near = nearOver(store);
    near.put("k", item("v1"), 0);
    store.failNextPutAfterWriting(new CacheException("timed out"));

    assertThatThrownBy(() -> near.put("k", item("v2"), 0)).isInstanceOf(CacheException.class);

    servers.resetCalls();
    assertThat(text(near.get("k"))).isEqualTo("v2");
    assertThat(servers.calls("get")).isEqualTo(1);
  }

  @Test
  void aReadThatFetchedBeforeALocalWriteDoesNotInstallTheOlderItem() throws Exception {
    PausingStore store = new PausingStore(servers);
    NearCachedStore near = nearOver(store);
    servers.put("k", item("old"), 0);
    PausingStore.Pause fetched = store.pauseNextGetAfterFetching();
    CompletableFuture<byte[]> read = CompletableFuture.supplyAsync(() -> near.get("k"));
    fetched.awaitReached();

    near.put("k", item("new"), 0);
    fetched.release();

    assertThat(text(read.get(10, TimeUnit.SECONDS))).isEqualTo("old"); // it began before the write
    assertThat(text(near.get("k"))).isEqualTo("new");
  }

  @Test
  void overlappingLocalWritesLeaveNothingHeldForTheServersToDecide() throws Exception {
    PausingStore store = new PausingStore(servers);
    NearCachedStore near = nearOver(store);
    PausingStore.Pause first = store.pauseNextPutBeforeWriting();
    CompletableFuture<Void> slowWrite = CompletableFuture.runAsync(() -> near.put("k", item("first"), 0));
    first.awaitReached();

    near.put("k", item("second"), 0); // reaches the servers first, returns first
    first.release();
    slowWrite.get(10, TimeUnit.SECONDS);

    servers.resetCalls();
    assertThat(text(near.get("k"))).isEqualTo("first"); // what the servers applied last
    assertThat(servers.calls("get")).isEqualTo(1);
  }

  @Test
  void invalidateAllForgetsHeldItemsAndStopsAReadInFlightFromInstallingOne() throws Exception {
    PausingStore store = new PausingStore(servers);
    NearCachedStore near = nearOver(store);
    near.put("held", item("h"), 0);
    servers.put("k", item("before the clear"), 0);
    PausingStore.Pause fetched = store.pauseNextGetAfterFetching();
    CompletableFuture<byte[]> read = CompletableFuture.supplyAsync(() -> near.get("k"));
    fetched.awaitReached();

    servers.deleteAll(List.of("held", "k")); // what a clear does on the servers
    near.invalidateAll();
    fetched.release();
    read.get(10, TimeUnit.SECONDS);

    assertThat(near.get("k")).isNull();
    assertThat(near.get("held")).isNull();
  }

  @Test
  void closeForgetsTheHeldItemsButLeavesTheSharedStoreOpen() {
    NearCachedStore near = nearOver(servers);
    near.put("k", item("v"), 0);

    near.close();

    assertThat(servers.isClosed()).isFalse();
    servers.resetCalls();
    assertThat(text(near.get("k"))).isEqualTo("v");
    assertThat(servers.calls("get")).isEqualTo(1);
  }

  @Test
  void aNearCacheThatIsOffIsRefused() {
    assertThatThrownBy(
        () -> new NearCachedStore(servers, new NearCacheSettings(0, 1000), NearFigures.NONE, Runnable::run))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nearCache.maxEntries");
  }

  @Test
  void getAllDoesNotAskForKeysItAlreadyHolds() {
    NearCachedStore near = nearOver(servers);
    near.put("a", item("A"), 0);
    servers.resetCalls();

    assertThat(near.getAll(Set.of("a"))).containsOnlyKeys("a");

    assertThat(servers.calls("getAll")).isZero();
  }
}
