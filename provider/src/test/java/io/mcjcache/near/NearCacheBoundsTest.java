package io.mcjcache.near;

import static io.mcjcache.near.Items.item;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.mcjcache.cluster.InMemoryClusterStore;
import io.mcjcache.config.NearCacheSettings;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The near cache's two bounds: {@code maxEntries}, filled with the frequently read keys rather than the
 * most recent ones (W-TinyLFU admission), and {@code ttlMs}, after which a write made elsewhere is seen.
 */
class NearCacheBoundsTest {
  private final InMemoryClusterStore servers = new InMemoryClusterStore();

  /**
   * 50 hot keys read in turn, with two never-repeated keys read between any two reads, in a near cache of
   * 100: between two reads of a hot key 100 other keys pass, so a recency-only cache of 100 would have
   * evicted it every time. Frequency-based admission keeps the hot keys and turns the one-offs away.
   */
  @Test
  void hotKeysStayHeldWhileAStreamOfOneOffKeysPassesThrough() {
    NearCachedStore near =
        new NearCachedStore(servers, new NearCacheSettings(100, 600_000), NearFigures.NONE, Runnable::run);
    int hotKeys = 50;
    for (int i = 0; i < hotKeys; i++) {
      servers.put("hot-" + i, item("h" + i), 0);
    }
    int rounds = 20_000;
    int warmUp = 5_000;
    long hotReads = 0;
    long hotHits = 0;
    for (int round = 0; round < rounds; round++) {
      long before = near.counts().hits();
      near.get("hot-" + round % hotKeys);
      boolean hit = near.counts().hits() > before;
      near.get("cold-" + round + "-a");
      near.get("cold-" + round + "-b");
      if (round >= warmUp) {
        hotReads++;
        hotHits += hit ? 1 : 0;
      }
    }
    double hotHitRatio = (double) hotHits / hotReads;
    System.out.printf("admission: hot-key near hit ratio %.3f over %d reads, %d slots held%n",
        hotHitRatio, hotReads, near.counts().slots());
    assertThat(hotHitRatio).as("near hit ratio of the hot keys").isGreaterThan(0.9);
    assertThat(near.counts().slots()).isLessThanOrEqualTo(100);
  }

  /**
   * Near hits tell the eviction policy of only one read in {@link NearCache#RECORDED_READ_ONE_IN} (the
   * others look up quietly, for speed): a key read over and over must still become the one the policy
   * keeps longest, ahead of keys read once. Were no hit recorded, all 50 keys would look alike to it.
   */
  @Test
  void aKeyReadOverAndOverIsTheOneTheEvictionPolicyKeepsLongest() {
    NearCache near = new NearCache(new NearCacheSettings(100, 600_000), System::nanoTime);
    for (int i = 0; i < 50; i++) {
      String key = "k" + i;
      near.fill(key, near.reserve(key), item("v" + i));
      assertThat(near.held(key, (k, held) -> {})).as(key).isNotNull();
    }

    for (int read = 0; read < 2_000; read++) {
      assertThat(near.held("k7", (k, held) -> {})).isNotNull();
    }

    assertThat(near.hottest(1)).containsExactly("k7");
  }

  /** Another JVM's write (straight to the servers) is served here after at most ttlMs (+ a margin). */
  @Test
  void aWriteMadeElsewhereIsSeenOnceTheHeldItemsTtlHasRunOut() {
    int ttlMs = 200;
    NearCachedStore near = new NearCachedStore(servers, new NearCacheSettings(100, ttlMs), NearFigures.NONE,
        java.util.concurrent.ForkJoinPool.commonPool());
    servers.put("k", item("old"), 0);
    long heldSince = System.nanoTime();
    near.get("k");

    servers.put("k", item("new"), 0);
    long deadline = heldSince + TimeUnit.SECONDS.toNanos(10);
    while (!"new".equals(new String(near.get("k"), UTF_8)) && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    long seenAfterMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - heldSince);

    assertThat(new String(near.get("k"), UTF_8)).isEqualTo("new");
    assertThat(seenAfterMs).isLessThanOrEqualTo(ttlMs + 250);
  }
}
