package io.mcjcache.near;

import io.mcjcache.cluster.ClusterStore;
import io.mcjcache.cluster.KeyClaim;
import io.mcjcache.cluster.Mutation;
import io.mcjcache.cluster.StoreItem;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * A store that can hold one call still at a chosen point, so that a test can put another operation
 * exactly into the window a race needs, without sleeping: a read after it has fetched its item but before
 * it returns, or a write before it reaches the servers. It can also fail a write that did reach them.
 */
final class PausingStore implements ClusterStore {
  private final ClusterStore servers;
  private final AtomicReference<Pause> nextGet = new AtomicReference<>();
  private final AtomicReference<Pause> nextPut = new AtomicReference<>();
  private final AtomicReference<RuntimeException> nextPutFailure = new AtomicReference<>();

  PausingStore(ClusterStore servers) {
    this.servers = servers;
  }

  /** The next {@code get} fetches its item, then waits for {@link Pause#release()} before returning it. */
  Pause pauseNextGetAfterFetching() {
    Pause pause = new Pause();
    nextGet.set(pause);
    return pause;
  }

  /** The next {@code put} waits for {@link Pause#release()} before writing. */
  Pause pauseNextPutBeforeWriting() {
    Pause pause = new Pause();
    nextPut.set(pause);
    return pause;
  }

  /** The next {@code put} writes, then throws {@code failure} (a timeout after the server applied it). */
  void failNextPutAfterWriting(RuntimeException failure) {
    nextPutFailure.set(failure);
  }

  @Override
  public byte[] get(String key) {
    byte[] item = servers.get(key);
    Pause pause = nextGet.getAndSet(null);
    if (pause != null) {
      pause.hold();
    }
    return item;
  }

  @Override
  public Map<String, byte[]> getAll(Collection<String> keys) {
    return servers.getAll(keys);
  }

  @Override
  public void put(String key, byte[] value, int exptime) {
    Pause pause = nextPut.getAndSet(null);
    if (pause != null) {
      pause.hold();
    }
    servers.put(key, value, exptime);
    RuntimeException failure = nextPutFailure.getAndSet(null);
    if (failure != null) {
      throw failure;
    }
  }

  @Override
  public void putAll(Map<String, StoreItem> items) {
    servers.putAll(items);
  }

  @Override
  public boolean delete(String key) {
    return servers.delete(key);
  }

  @Override
  public void deleteAll(Collection<String> keys) {
    servers.deleteAll(keys);
  }

  @Override
  public <R> R update(String key, Mutation<R> mutation) {
    return servers.update(key, mutation);
  }

  @Override
  public KeyClaim claim(String key) {
    return servers.claim(key);
  }

  @Override
  public void forEachKey(String prefix, Consumer<String> sink) {
    servers.forEachKey(prefix, sink);
  }

  @Override
  public int itemSizeLimit() {
    return servers.itemSizeLimit();
  }

  @Override
  public void close() {
    servers.close();
  }

  /** One held call: the test waits until it is reached, does its thing, then releases it. */
  static final class Pause {
    private final CountDownLatch reached = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);

    void awaitReached() throws InterruptedException {
      if (!reached.await(10, TimeUnit.SECONDS)) {
        throw new AssertionError("the paused call was never made");
      }
    }

    void release() {
      released.countDown();
    }

    private void hold() {
      reached.countDown();
      try {
        if (!released.await(10, TimeUnit.SECONDS)) {
          throw new AssertionError("the paused call was never released");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while paused", e);
      }
    }
  }
}
