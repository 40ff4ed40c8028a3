package io.mcjcache.integration.atomic;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcjcache.integration.ClientProcess;
import io.mcjcache.testkit.MemcachedCluster;
import io.mcjcache.testkit.MemcachedClusterExtension;
import io.mcjcache.testkit.MemcachedNode;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Atomic updates never starve and never lose an update across real client JVMs: several child JVMs
 * ({@link CounterClient}), each with its own mcjcache manager, increment one counter with
 * {@code Cache.invoke} at the same time, on a 4-node {@code mirror=pairs} cluster, with and without a
 * fault on the key's owner node (SIGKILL; SIGSTOP for 1.5 s, then SIGCONT). README guarantee 7: atomic
 * updates complete while the key's owner is reachable (and, with pairs, a dead owner's updates move to
 * the key's next holder). So every invoke must succeed (none gives up under contention) and the counter
 * must end at exactly the number of successful invokes: no increment lost, none applied twice.
 *
 * <p>Timeouts are generous ({@code opTimeoutMs=1000}, {@code healthIntervalMs=200}) so that the test is
 * about contention and faults, not about a busy 2-core machine.
 */
class MultiProcessCounterTest {
  @RegisterExtension
  static final MemcachedClusterExtension CLUSTER = MemcachedClusterExtension.withNodes(4);

  private static final String CACHE = "counters";
  private static final String SETTINGS = "mirror=pairs&opTimeoutMs=1000&healthIntervalMs=200";
  private static final Pattern DONE = Pattern.compile("done ok=(\\d+) failed=(\\d+)");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration RUN_TIMEOUT = Duration.ofSeconds(90);

  private final List<ClientProcess> clients = new ArrayList<>();
  private CacheManager manager;

  @AfterEach
  void stopClients() {
    clients.forEach(ClientProcess::close);
    if (manager != null) {
      manager.close();
    }
  }

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void twoProcessesOfTwoThreadsNeverLoseAnIncrement() throws InterruptedException {
    countWithClients(new Run("two-jvms", 2, 2, 300, 0, 0), null);
  }

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void fourProcessesNeverLoseAnIncrement() throws InterruptedException {
    countWithClients(new Run("four-jvms", 4, 1, 250, 0, 1), null);
  }

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void killingTheKeysOwnerMidRunLosesNoIncrement() throws InterruptedException {
    countWithClients(new Run("kill-owner", 2, 2, 500, 6, 2), owner -> owner.kill());
  }

  /**
   * The client JVMs share the host's liveness file (the default {@code liveness.file=auto}): when one of
   * them times out on the hung owner and declares it dead, the other's next update reads that and goes
   * to the same rehash target, and the owner returns once, after one flush. Without the shared view
   * (each JVM deciding alone) this case lost 3-704 of 2,000 increments.
   */
  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void pausingTheKeysOwnerMidRunLosesNoIncrement() throws InterruptedException {
    countWithClients(new Run("pause-owner", 2, 2, 500, 6, 3), owner -> {
      owner.pause();
      try {
        TimeUnit.MILLISECONDS.sleep(1_500); // how long the owner hangs, not a wait for a condition
      } finally {
        owner.resume();
      }
    });
  }

  /**
   * One case: {@code processes} client JVMs of {@code threads} threads, each thread {@code increments}
   * invokes {@code pauseMs} apart, on a key of namespace {@code namespace} whose home is node {@code owner}.
   */
  private record Run(String namespace, int processes, int threads, int increments, long pauseMs, int owner) {
    int perClient() {
      return threads * increments;
    }
  }

  /** What happens to the key's owner node once every client is a fifth of the way through. */
  @FunctionalInterface
  private interface Fault {
    void hit(MemcachedNode owner) throws InterruptedException;
  }

  private void countWithClients(Run run, Fault fault) throws InterruptedException {
    MemcachedCluster cluster = CLUSTER.cluster();
    String uri = cluster.uri() + "?" + SETTINGS + "&namespace=" + run.namespace();
    KeyPlacement placement = new KeyPlacement(run.namespace(), CACHE, cluster.size());
    String key = placement.keyHomedOn(run.owner(), "counter-");

    // The test's own view of the counter, without a near cache: the final read goes to the servers.
    manager = Caching.getCachingProvider("io.mcjcache.MemcachedCachingProvider")
        .getCacheManager(URI.create(uri + "&nearCache.maxEntries=0"), getClass().getClassLoader());
    Cache<String, Long> counters = manager.createCache(CACHE,
        new MutableConfiguration<String, Long>().setTypes(String.class, Long.class));
    counters.put(key, 0L);
    String memcachedKey = placement.memcachedKey(key);
    assertThat(IntStream.range(0, cluster.size()).boxed()
        .filter(i -> KeyPlacement.holds(cluster.node(i), memcachedKey)))
        .as("nodes holding %s (%s): its home %d and that node's partner", key, memcachedKey, run.owner())
        .containsExactlyInAnyOrder(run.owner(), placement.partner(key));

    for (int p = 0; p < run.processes(); p++) {
      clients.add(ClientProcess.start(run.namespace() + "-client-" + p, CounterClient.class, uri, CACHE, key,
          Integer.toString(run.increments()), Integer.toString(run.threads()), Long.toString(run.pauseMs())));
    }
    for (ClientProcess client : clients) {
      client.awaitLine("'ready'", CounterClient.READY::equals, START_TIMEOUT);
    }
    long started = System.nanoTime();
    clients.forEach(client -> client.send(CounterClient.GO));

    if (fault != null) {
      int fifth = run.perClient() / 5;
      for (ClientProcess client : clients) {
        client.awaitLine("a fifth of its invokes", line -> progress(line) >= fifth, START_TIMEOUT);
      }
      assertThat(clients).as("clients already done before the fault: the run is too short to be hit in the middle")
          .allSatisfy(client -> assertThat(client.lastLine(line -> line.startsWith(CounterClient.DONE))).isEmpty());
      fault.hit(cluster.node(run.owner()));
    }

    long ok = 0;
    long failed = 0;
    List<String> failures = new ArrayList<>();
    for (ClientProcess client : clients) {
      int status = client.awaitExit(RUN_TIMEOUT);
      assertThat(status).as("exit status of %s; it printed: %s", client, client.output()).isZero();
      String done = client.lastLine(line -> line.startsWith(CounterClient.DONE))
          .orElseThrow(() -> new AssertionError(client + " printed no 'done' line: " + client.output()));
      Matcher counts = DONE.matcher(done);
      assertThat(counts.matches()).as("%s's last line '%s'", client, done).isTrue();
      long clientOk = Long.parseLong(counts.group(1));
      long clientFailed = Long.parseLong(counts.group(2));
      assertThat(clientOk + clientFailed).as("invokes finished by %s", client).isEqualTo(run.perClient());
      ok += clientOk;
      failed += clientFailed;
      client.lines().stream().filter(line -> line.startsWith(CounterClient.FAILURE))
          .forEach(line -> failures.add(client.name() + ": " + line));
    }
    long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    Long counter = counters.get(key);
    System.out.printf("%s: %d clients x %d threads x %d invokes in %d ms: ok=%d failed=%d counter=%s%n",
        run.namespace(), run.processes(), run.threads(), run.increments(), elapsedMs, ok, failed, counter);

    // Both, so that a failure says whether invokes gave up, updates were lost, or both.
    long succeeded = ok;
    long gaveUp = failed;
    SoftAssertions.assertSoftly(softly -> {
      softly.assertThat(gaveUp).as("invokes that failed (ok=%d, counter=%s); first failures: %s",
          succeeded, counter, failures).isZero();
      softly.assertThat(counter).as("the counter after %d successful increments (%d failed)", succeeded, gaveUp)
          .isEqualTo(succeeded);
    });
  }

  /** The count in a {@code progress <n>} line, else -1. */
  private static int progress(String line) {
    return line.startsWith(CounterClient.PROGRESS)
        ? Integer.parseInt(line.substring(CounterClient.PROGRESS.length()).trim())
        : -1;
  }
}
