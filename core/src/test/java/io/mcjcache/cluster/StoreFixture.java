package io.mcjcache.cluster;

import io.mcjcache.config.ClusterSettings;
import io.mcjcache.routing.Router;
import io.mcjcache.routing.RoutingSettings;
import io.mcjcache.testkit.MemcachedCluster;
import io.mcjcache.transport.NodeFailureException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Opens stores on testkit clusters with settings fast enough for failure tests, and waits on conditions. */
final class StoreFixture {
  static final int OP_TIMEOUT_MS = 200;
  static final int HEALTH_INTERVAL_MS = 100;

  private StoreFixture() {}

  /**
   * A store with fast failure detection; {@code query} (k=v&k2=v2) overrides the defaults. The cluster
   * record is off ({@code liveness.syncMs=0}) unless the query turns it on: the tests of a class share
   * one cluster and the namespace {@code t}, and a record left on the nodes by one test's stores (a node
   * still dead in it when they closed) would be read, rightly, by the next test's stores. The host
   * liveness file is off ({@code liveness.file=none}) unless the query names one, for the same reason and
   * one more: the file outlives the test run, and a later cluster whose nodes get the same ports (the OS
   * hands the same free ports out again) would start from the view an earlier run left in it.
   */
  static RoutedClusterStore open(MemcachedCluster cluster, String query) {
    Properties properties = new Properties();
    properties.setProperty("opTimeoutMs", Integer.toString(OP_TIMEOUT_MS));
    properties.setProperty("healthIntervalMs", Integer.toString(HEALTH_INTERVAL_MS));
    properties.setProperty("namespace", "t");
    properties.setProperty("liveness.syncMs", "0");
    properties.setProperty("liveness.file", "none");
    for (String pair : query.split("&")) {
      if (!pair.isEmpty()) {
        String[] kv = pair.split("=", 2);
        properties.setProperty(kv[0], kv[1]);
      }
    }
    ClusterSettings settings = ClusterSettings.parse(URI.create(cluster.uri()), properties,
        StoreFixture.class.getClassLoader());
    return RoutedClusterStore.open(settings, ValueExpiry.ETERNAL);
  }

  static String key(int i) {
    return "t:c:k" + i;
  }

  /** Keys of one test, so that tests sharing a cluster never read each other's leftovers. */
  static String key(String test, int i) {
    return "t:" + test + ":k" + i;
  }

  static byte[] value(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  static String text(byte[] value) {
    return value == null ? null : new String(value, StandardCharsets.UTF_8);
  }

  static void await(String what, Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout + " waiting for: " + what);
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for: " + what, e);
      }
    }
  }

  static void awaitDead(RoutedClusterStore store, int node) {
    await("node " + node + " marked dead", Duration.ofSeconds(10), () -> !store.view().isAlive(node));
  }

  /** Alive again; it may still be recovering (its episode not closed yet). */
  static void awaitAlive(RoutedClusterStore store, int node) {
    await("node " + node + " alive again", Duration.ofSeconds(15), () -> store.view().isAlive(node));
  }

  static void awaitRecovered(RoutedClusterStore store, int node) {
    await("node " + node + " recovered (episodes closed)", Duration.ofSeconds(30),
        () -> store.view().isAlive(node) && !store.view().isRecovering(node));
  }

  /** A key starting with {@code prefix} whose home is {@code home} in a cluster of {@code nodes} (hash=modulo). */
  static String keyWithHome(String prefix, int nodes, int home) {
    Router router = new Router(RoutingSettings.defaults(nodes));
    for (int i = 0;; i++) {
      String key = prefix + i;
      if (router.home(key.getBytes(StandardCharsets.US_ASCII)) == home) {
        return key;
      }
    }
  }

  /**
   * A call on a transport of the test's own, retried while the transport is still connecting to the node
   * (it connects in the background), for up to 10 s.
   */
  static <T> T onceConnected(Supplier<T> call) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      try {
        return call.get();
      } catch (NodeFailureException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        Thread.onSpinWait();
      }
    }
  }

  /**
   * An atomic update kept in flight until closed: an operation older than a node's return, which the
   * episode closer waits for, so that the node stays recovering for as long as a test needs.
   */
  static final class Straggler implements AutoCloseable {
    private final CountDownLatch release = new CountDownLatch(1);
    private final Thread thread;

    private Straggler(ClusterStore store, String key) throws InterruptedException {
      CountDownLatch entered = new CountDownLatch(1);
      thread = new Thread(() -> store.update(key, current -> {
        entered.countDown();
        try {
          release.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return Decision.keep(null);
      }), "straggler");
      thread.start();
      if (!entered.await(10, TimeUnit.SECONDS)) {
        throw new AssertionError("the straggler's update did not start within 10 s");
      }
    }

    /** Starts an update of {@code key} and returns once it is in flight. */
    static Straggler start(ClusterStore store, String key) throws InterruptedException {
      return new Straggler(store, key);
    }

    @Override
    public void close() throws InterruptedException {
      release.countDown();
      thread.join();
    }
  }
}
