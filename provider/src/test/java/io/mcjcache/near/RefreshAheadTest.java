package io.mcjcache.near;

import static io.mcjcache.near.Items.item;
import static io.mcjcache.near.Items.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.mcjcache.cluster.ClusterStore;
import io.mcjcache.cluster.ForwardingClusterStore;
import io.mcjcache.cluster.InMemoryClusterStore;
import io.mcjcache.config.NearCacheSettings;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.cache.CacheException;
import org.junit.jupiter.api.Test;

/**
 * Refresh ahead: a held item read in the last quarter of its ttl is fetched again in the background, and the
 * fetched item replaces only the very item it refreshes. The clock and the background thread are the test's
 * own, so every step happens exactly when the test says (guarantee 3 must survive it, docs/design.md,
 * "Guarantees": a refresh never installs an item older than a local write or a clear).
 */
class RefreshAheadTest {
  private static final int TTL_MS = 1_000;
  /** The age from which a read makes a held item due: three quarters of the ttl. */
  private static final int DUE_MS = 750;

  private final InMemoryClusterStore servers = new InMemoryClusterStore();
  private final AtomicLong clock = new AtomicLong();
  private final Queue<Runnable> background = new ArrayDeque<>();
  /** Runs between a background fetch and its install, as if the test's step raced the refresh. */
  private final AtomicReference<Runnable> afterFetch = new AtomicReference<>();

  private final java.util.concurrent.atomic.LongAdder fetched = new java.util.concurrent.atomic.LongAdder();
  private NearCachedStore near = nearOver(servers);

  private NearCachedStore nearOver(ClusterStore store) {
    Executor queued = background::add;
    return new NearCachedStore(store, new NearCacheSettings(100, TTL_MS),
        new NearFigures(counter -> {}, counter -> {}, fetched::add),
        queued, clock::get);
  }

  /** The servers, with the test's step run after a background getAll fetched and before it returns. */
  private ClusterStore racedServers() {
    return new ForwardingClusterStore(servers) {
      @Override
      public Map<String, byte[]> getAll(Collection<String> keys) {
        Map<String, byte[]> fetched = super.getAll(keys);
        Runnable step = afterFetch.getAndSet(null);
        if (step != null) {
          step.run();
        }
        return fetched;
      }
    };
  }

  private void at(long millis) {
    clock.set(TimeUnit.MILLISECONDS.toNanos(millis));
  }

  /** Holds {@code value} for "k" (read at time 0), then reads it again once it is due: a refresh is queued. */
  private void holdAndMakeDue(String value) {
    servers.put("k", item(value), 0);
    near.get("k");
    at(DUE_MS);
    near.get("k");
  }

  private int runBackground() {
    int ran = 0;
    for (Runnable task; (task = background.poll()) != null; ran++) {
      task.run();
    }
    return ran;
  }

  @Test
  void anItemReadInTheSecondHalfOfItsTtlIsRefreshedInTheBackgroundOnce() {
    servers.put("k", item("v1"), 0);
    at(0);
    assertThat(text(near.get("k"))).isEqualTo("v1");
    servers.put("k", item("v2"), 0); // another JVM's write

    at(DUE_MS - 1);
    assertThat(text(near.get("k"))).isEqualTo("v1");
    assertThat(background).as("not due before the last quarter of its ttl").isEmpty();

    at(DUE_MS);
    servers.resetCalls();
    assertThat(text(near.get("k"))).as("the reader is answered from the near cache").isEqualTo("v1");
    assertThat(text(near.get("k"))).isEqualTo("v1");
    assertThat(servers.calls("get") + servers.calls("getAll")).isZero();
    assertThat(runBackground()).as("one refresh, claimed by the first reader").isEqualTo(1);
    assertThat(servers.calls("getAll")).isEqualTo(1);

    at(TTL_MS + 100); // past the first item's ttl: the refreshed one is held, from DUE_MS on
    assertThat(text(near.get("k"))).isEqualTo("v2");
    assertThat(servers.calls("get")).isZero();
    assertThat(near.counts().refreshes()).isEqualTo(1);
  }

  @Test
  void dueItemsAreFetchedTogetherInOneGetAll() {
    for (String key : List.of("a", "b", "c")) {
      servers.put(key, item(key), 0);
      near.get(key);
    }
    at(DUE_MS);
    servers.resetCalls();
    near.getAll(List.of("a", "b", "c"));

    runBackground();

    assertThat(servers.calls("getAll")).isEqualTo(1);
    assertThat(near.counts().refreshes()).isEqualTo(3);
    assertThat(fetched.sum()).as("keys fetched in the background, for the router figures").isEqualTo(3);
  }

  @Test
  void aRefreshThatFetchedBeforeALocalWriteDoesNotInstallTheOlderItem() {
    near = nearOver(racedServers());
    holdAndMakeDue("old");
    afterFetch.set(() -> near.put("k", item("mine"), 0));

    runBackground();

    servers.resetCalls();
    assertThat(text(near.get("k"))).isEqualTo("mine");
    assertThat(servers.calls("get")).as("the local write's item is held").isZero();
    assertThat(near.counts().refreshes()).isZero();
  }

  @Test
  void aRefreshThatFetchedBeforeAClearInstallsNothing() {
    near = nearOver(racedServers());
    holdAndMakeDue("before the clear");
    afterFetch.set(() -> {
      servers.delete("k");
      near.invalidateAll();
    });

    runBackground();

    assertThat(near.get("k")).isNull();
    assertThat(servers.calls("get")).as("the read went to the servers").isEqualTo(2);
  }

  @Test
  void aKeyRemovedByAnotherJvmIsDroppedByItsRefresh() {
    servers.put("k", item("v1"), 0);
    near.get("k");
    servers.delete("k");
    at(DUE_MS);
    assertThat(text(near.get("k"))).isEqualTo("v1"); // within the cross-JVM bound

    runBackground();

    assertThat(near.get("k")).isNull();
    assertThat(near.counts().refreshes()).isZero();
  }

  @Test
  void aFailedRefreshLeavesTheItemToExpireAtItsTtl() {
    near = nearOver(new ForwardingClusterStore(servers) {
      @Override
      public Map<String, byte[]> getAll(Collection<String> keys) {
        throw new CacheException("node timed out");
      }
    });
    servers.put("k", item("v1"), 0);
    near.get("k");
    servers.put("k", item("v2"), 0);
    at(DUE_MS);
    near.get("k");

    runBackground();

    servers.resetCalls();
    at(TTL_MS - 1);
    assertThat(text(near.get("k"))).isEqualTo("v1");
    at(TTL_MS);
    assertThat(text(near.get("k"))).isEqualTo("v2");
    assertThat(servers.calls("get")).isEqualTo(1);
  }

  @Test
  void afterCloseNothingIsRefreshed() {
    holdAndMakeDue("v1");

    near.close();
    runBackground();

    assertThat(servers.calls("getAll")).isZero();
  }
}
