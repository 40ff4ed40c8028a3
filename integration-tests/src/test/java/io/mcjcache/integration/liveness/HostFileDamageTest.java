package io.mcjcache.integration.liveness;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcjcache.cluster.RoutedClusterStore;
import io.mcjcache.cluster.RouterFigures;
import io.mcjcache.integration.ChildSide;
import io.mcjcache.integration.Conditions;
import io.mcjcache.testkit.MemcachedCluster;
import io.mcjcache.testkit.MemcachedClusterExtension;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The host liveness file deleted, or overwritten with random bytes, under a running application process
 * (this test's JVM, a cache manager with {@code liveness.file=<path>} in a temporary directory) while two
 * threads put, get and remove keys and check every value they read. docs/operations.md, "The host liveness
 * file": nothing in the file is trusted, and a file that cannot be trusted costs a WARNING and the process
 * keeps its own view.
 *
 * <p>{@code HostViewFileTest} (provider) damages files at the level of {@code HostView} alone, one thread
 * and no cluster; this test adds the whole process: the router's operations, the prober and the cluster
 * record's sync thread all read the damaged file at once, and what the process reports
 * ({@code RouterFigures.getLivenessView()}).
 *
 * <p>What each case proves:
 * <ul>
 *   <li>deleted: the process keeps working on the file it has mapped (the name is gone, the file is not):
 *       operations go on, none throws or reads a wrong value, none takes long; it still reports the host
 *       file, and its liveness still works through it (a node killed is seen dead, restarted is seen back);
 *       </li>
 *   <li>overwritten with random bytes (twice: with the random sequence number made odd, which readers take
 *       for a writer mid-publish, and even, so that they decode the random body): the process notices and
 *       reports that it left the shared view ({@code own (the host file ... could not be trusted)}), and
 *       otherwise the same: operations go on
 *       without an exception, a wrong value or a hang (a read that finds the sequence number odd waits up
 *       to 2 s for a writer before it gives up on the file, so no operation may take much longer), and
 *       liveness goes on in its own view.</li>
 * </ul>
 * Were a damaged file to throw out of an operation, hang one, or be misread as a view, the workers'
 * checks, the latency bound, the wait for the fallback or the {@link Timeout} would fail the test.
 */
class HostFileDamageTest {
  @RegisterExtension
  static final MemcachedClusterExtension CLUSTER = MemcachedClusterExtension.withNodes(4);

  private static final Duration PATIENCE = Duration.ofSeconds(30);
  private static final int SEQUENCE_OFFSET = 24;
  private static final int THREADS = 2;
  private static final int KEYS_PER_THREAD = 100;
  /** Operations the workers must complete after the damage before the test looks at the result. */
  private static final int OPERATIONS_AFTER_DAMAGE = 3_000;
  /**
   * The longest an operation may take: the file's writer patience (2 s) plus an operation timeout, with
   * room for a slow, busy 2-core machine.
   */
  private static final Duration SLOWEST_ALLOWED = Duration.ofSeconds(8);

  @TempDir
  Path dir;

  private CacheManager manager;
  private Workers workers;

  @AfterEach
  void stop() throws InterruptedException {
    if (workers != null) {
      workers.finish();
    }
    if (manager != null) {
      manager.close();
    }
  }

  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void aProcessWhoseHostFileIsDeletedKeepsWorkingAndSharingThroughIt() throws Exception {
    Path file = dir.resolve("deleted.view");
    RoutedClusterStore store = open(file, "host-file-deleted");
    Files.delete(file);
    awaitOperationsAfterDamage();
    workers.finish();
    workers.assertAllWent("after the file was deleted");
    assertThat(store.figures().getLivenessView()).as("the view the process reports")
        .startsWith("host file " + file);
    assertLivenessWorks(store);
    assertThat(store.figures().getLivenessView()).startsWith("host file " + file);
    assertThat(file).as("nothing made a new file under the name").doesNotExist();
  }

  /**
   * @param oddSequence whether the random sequence number is made odd (a writer mid-publish as readers see
   *     it: they wait for it up to 2 s, then give up on the file) or even (readers decode the random body
   *     and refuse it at once; writers refuse the wrong magic)
   */
  @ParameterizedTest(name = "sequence number odd: {0}")
  @ValueSource(booleans = {true, false})
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void aProcessWhoseHostFileIsOverwrittenWithRandomBytesLeavesTheSharedViewAndKeepsWorking(boolean oddSequence)
      throws Exception {
    Path file = dir.resolve("fuzzed.view");
    RoutedClusterStore store = open(file, "host-file-fuzzed-" + (oddSequence ? "odd" : "even"));
    byte[] junk = new byte[Math.toIntExact(Files.size(file))];
    new Random(17).nextBytes(junk);
    // The sequence number: a little-endian long at offset 24 (docs/operations.md, the layout).
    junk[SEQUENCE_OFFSET] = (byte) (oddSequence ? junk[SEQUENCE_OFFSET] | 1 : junk[SEQUENCE_OFFSET] & ~1);
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.write(ByteBuffer.wrap(junk), 0);
    }
    RouterFigures figures = store.figures();
    Conditions.await("the process to report that it left the shared view", PATIENCE,
        () -> figures.getLivenessView().startsWith("own") || workers.failures.get() > 0);
    awaitOperationsAfterDamage();
    workers.finish();
    workers.assertAllWent("after the file was overwritten with random bytes, sequence number "
        + (oddSequence ? "odd" : "even"));
    assertThat(figures.getLivenessView()).as("the view the process reports").startsWith("own")
        .contains("could not be trusted").contains(file.toString());
    assertLivenessWorks(store);
    assertThat(figures.getLivenessView()).startsWith("own");
  }

  /** Opens the cache on {@code file} and starts the workers; returns once they have run a while. */
  private RoutedClusterStore open(Path file, String namespace) throws InterruptedException {
    String uri = CLUSTER.cluster().uri() + "?mirror=pairs&opTimeoutMs=300&healthIntervalMs=100"
        + "&nearCache.maxEntries=0&namespace=" + namespace + "&liveness.file=" + file;
    manager = Caching.getCachingProvider("io.mcjcache.MemcachedCachingProvider")
        .getCacheManager(URI.create(uri), getClass().getClassLoader());
    Cache<String, String> cache = manager.createCache("damage",
        new MutableConfiguration<String, String>().setTypes(String.class, String.class));
    RoutedClusterStore store = manager.unwrap(RoutedClusterStore.class);
    assertThat(store.figures().getLivenessView()).startsWith("host file " + file);
    assertThat(file).exists();
    workers = new Workers(cache);
    Conditions.await("the workers to get going", PATIENCE, () -> workers.operations.get() >= 500);
    return store;
  }

  private void awaitOperationsAfterDamage() throws InterruptedException {
    long atDamage = workers.operations.get();
    Conditions.await(OPERATIONS_AFTER_DAMAGE + " operations after the damage", PATIENCE,
        () -> workers.operations.get() >= atDamage + OPERATIONS_AFTER_DAMAGE || workers.failures.get() > 0);
  }

  /** The process's liveness still follows the servers: node 1 killed is seen dead, restarted is seen back. */
  private static void assertLivenessWorks(RoutedClusterStore store) throws InterruptedException {
    MemcachedCluster cluster = CLUSTER.cluster();
    cluster.node(1).kill();
    Conditions.await("node 1's death in the process's view", PATIENCE, () -> !store.view().isAlive(1));
    cluster.node(1).restart();
    Conditions.await("node 1's return in the process's view", PATIENCE, () -> store.view().isAlive(1));
  }

  /**
   * Threads that each put, read back and now and then remove keys of their own, so that each knows what
   * every read must return; they record the first failures (an exception or a wrong value) and the
   * slowest operation.
   */
  private static final class Workers {
    private static final int SHOWN = 5;

    final AtomicLong operations = new AtomicLong();
    final AtomicLong failures = new AtomicLong();
    private final AtomicLong slowestNanos = new AtomicLong();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<String> shown = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();

    Workers(Cache<String, String> cache) {
      for (int t = 0; t < THREADS; t++) {
        int worker = t;
        Thread thread = new Thread(() -> run(cache, worker), "damage-worker-" + t);
        thread.setDaemon(true);
        threads.add(thread);
        thread.start();
      }
    }

    private void run(Cache<String, String> cache, int worker) {
      Random random = new Random(worker);
      String[] values = new String[KEYS_PER_THREAD];
      for (long n = 0; running.get(); n++) {
        int index = random.nextInt(KEYS_PER_THREAD);
        String key = "w" + worker + "-k" + index;
        int dice = random.nextInt(10);
        long start = System.nanoTime();
        try {
          if (dice < 4) {
            String value = "v" + n;
            cache.put(key, value);
            values[index] = value;
          } else if (dice < 5) {
            cache.remove(key);
            values[index] = null;
          } else {
            String read = cache.get(key);
            if (!Objects.equals(read, values[index])) {
              fail(key + " read " + read + ", expected " + values[index]);
            }
          }
        } catch (RuntimeException e) {
          fail(key + ": " + ChildSide.oneLine(e));
        }
        slowestNanos.accumulateAndGet(System.nanoTime() - start, Math::max);
        operations.incrementAndGet();
      }
    }

    private void fail(String what) {
      failures.incrementAndGet();
      synchronized (shown) {
        if (shown.size() < SHOWN) {
          shown.add(what);
        }
      }
    }

    void finish() throws InterruptedException {
      running.set(false);
      for (Thread thread : threads) {
        thread.join(PATIENCE.toMillis());
      }
    }

    void assertAllWent(String when) {
      assertThat(threads).as("workers still running").noneMatch(Thread::isAlive);
      synchronized (shown) {
        assertThat(failures.get()).as("failed operations %s (operations: %d), the first: %s", when,
            operations.get(), shown).isZero();
      }
      long slowestMs = TimeUnit.NANOSECONDS.toMillis(slowestNanos.get());
      System.out.printf("host file damage: %d operations, %s, none failed; the slowest took %d ms%n",
          operations.get(), when, slowestMs);
      assertThat(Duration.ofMillis(slowestMs)).as("the slowest operation").isLessThan(SLOWEST_ALLOWED);
    }
  }
}
