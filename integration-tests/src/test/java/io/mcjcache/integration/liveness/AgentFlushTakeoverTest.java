package io.mcjcache.integration.liveness;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcjcache.agent.LivenessAgent;
import io.mcjcache.cluster.RoutedClusterStore;
import io.mcjcache.cluster.RouterFigures;
import io.mcjcache.codec.JavaSerializer;
import io.mcjcache.codec.KeyEncoder;
import io.mcjcache.integration.ChildSide;
import io.mcjcache.integration.ClientProcess;
import io.mcjcache.integration.Conditions;
import io.mcjcache.routing.Router;
import io.mcjcache.routing.RoutingSettings;
import io.mcjcache.testkit.MemcachedCluster;
import io.mcjcache.testkit.MemcachedClusterExtension;
import io.mcjcache.testkit.MemcachedNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.ConsoleHandler;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The host's agent SIGKILLed in the middle of a rejoin flush: the application process (this test's JVM,
 * sharing the host's liveness file with the agent, a child JVM) takes the flush over and serves nothing
 * that the returning node still held from before its hang. docs/operations.md, "Across several client
 * JVMs" (the flush turn, an OS lock dropped when its holder dies) and "The agent".
 *
 * <p>Node 2 of a 4-node {@code mirror=pairs} cluster holds about 20,000 of this namespace's keys (home or
 * mirror copies of 40,000). It is paused (SIGSTOP) until the agent declares it dead; meanwhile the
 * application overwrites a third of the keys homed on it and removes another third, so that the node holds
 * superseded and removed values. The node is resumed without a restart, so it must be flushed before it
 * serves again. The agent logs {@code node 2 returned without restarting; flushing its keys} once it holds
 * node 2's flush turn and begins (a line {@code HealthMonitor} prints at INFO at the start of every rejoin
 * flush; the agent runs here through {@link VerboseAgent}, which shows mcjcache's INFO lines that the
 * tests' logging configuration hides). The test then waits until the node's item count has dropped by
 * {@value #DELETED_BEFORE_KILL} (the agent's deletes, one at a time: nothing else touches the node while it
 * is dead) and SIGKILLs the agent, which leaves the node half flushed: some keys gone, superseded ones
 * still there.
 *
 * <p>What it proves:
 * <ul>
 *   <li>the agent was killed mid-flush: it held node 2's flush turn (the application had run no flush when
 *       the agent died, and cannot while another process holds the turn), it had deleted keys, and it had
 *       not finished: the application then deleted keys still on the node ({@code FlushedKeys} above 0 and
 *       at most the node's items less the {@value #DELETED_BEFORE_KILL} the agent deleted). A finished flush
 *       would have left none, and its return would have been adopted without a second flush. Deleting
 *       20,000 keys one at a time takes the agent seconds, against a few milliseconds between the item
 *       count's drop and the kill, so the kill lands mid-flush every time;</li>
 *   <li>the dead agent's flush turn is released (by the OS) and the application takes the flush over: node 2
 *       comes back alive in its view, after a flush of its own ({@code Flushes} above 0). Were the turn not
 *       released, the node would stay dead and the wait for its return would time out. The cross-host flush
 *       lease the agent left on the node ({@code <namespace>!rejoin-flush}) names the host file's id, so the
 *       application takes it over at once ({@code FlushTakeovers} is 1) instead of waiting for it to expire;</li>
 *   <li>no read returns a superseded or removed value: a reader thread reads every key homed on node 2 from
 *       before the node resumes until its recovery is over, and a last pass reads them all again; every
 *       read must return the value last written ({@code null} for a removed key), and none may miss a key
 *       that was never removed. Had the half-flushed node been taken back without a flush, reads of its
 *       keys would return the old values still on it.</li>
 * </ul>
 */
class AgentFlushTakeoverTest {
  private static final int NODES = 4;

  @RegisterExtension
  static final MemcachedClusterExtension CLUSTER = MemcachedClusterExtension.withNodes(NODES);

  private static final int NODE = 2;
  private static final int HEALTH_INTERVAL_MS = 200;
  /** Keys put before the hang; with {@code mirror=pairs} node 2 holds about half of them (home or mirror). */
  private static final int KEYS = 40_000;
  private static final int BATCH = 1_000;
  /** Keys the agent must have deleted from the node (of about 20,000) before it is killed. */
  private static final int DELETED_BEFORE_KILL = 200;
  private static final Duration PATIENCE = Duration.ofSeconds(60);
  private static final String NAMESPACE = "agent-flush-takeover";
  private static final String CACHE = "flush";
  private static final String FLUSHING = "node " + NODE + " returned without restarting; flushing";
  private static final Router ROUTER = new Router(RoutingSettings.defaults(NODES));

  private final List<ClientProcess> agents = new ArrayList<>();
  private CacheManager manager;

  @AfterEach
  void stop() {
    agents.forEach(ClientProcess::close);
    if (manager != null) {
      manager.close();
    }
  }

  @Test
  @Timeout(value = 4, unit = TimeUnit.MINUTES)
  void theApplicationTakesOverTheFlushOfAnAgentKilledMidFlushAndReadsNothingSuperseded() throws Exception {
    MemcachedCluster cluster = CLUSTER.cluster();
    MemcachedNode node = cluster.node(NODE);
    String uri = cluster.uri() + "?mirror=pairs&opTimeoutMs=300&healthIntervalMs=" + HEALTH_INTERVAL_MS
        + "&nearCache.maxEntries=0&namespace=" + NAMESPACE;
    manager = Caching.getCachingProvider("io.mcjcache.MemcachedCachingProvider")
        .getCacheManager(URI.create(uri), getClass().getClassLoader());
    Cache<String, String> cache = manager.createCache(CACHE,
        new MutableConfiguration<String, String>().setTypes(String.class, String.class));
    RoutedClusterStore application = manager.unwrap(RoutedClusterStore.class);
    RouterFigures figures = application.figures();
    assertThat(figures.getLivenessView()).startsWith("host file");

    ClientProcess agent = ClientProcess.start("agent", VerboseAgent.class, uri);
    agents.add(agent);
    agent.awaitLine("its start", line -> line.startsWith(LivenessAgent.STARTED), PATIENCE);
    Conditions.await("the agent's sign of life in the host file", PATIENCE,
        () -> figures.getLivenessView().contains("agent seen"));

    Map<String, String> expected = new HashMap<>();
    long loadStart = System.nanoTime();
    for (int from = 0; from < KEYS; from += BATCH) {
      Map<String, String> batch = new LinkedHashMap<>();
      for (int i = from; i < Math.min(KEYS, from + BATCH); i++) {
        batch.put("k" + i, "old-" + i);
      }
      cache.putAll(batch);
      for (Map.Entry<String, String> entry : batch.entrySet()) {
        if (homeOf(entry.getKey()) == NODE) {
          expected.put(entry.getKey(), entry.getValue());
        }
      }
    }
    long loadMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - loadStart);
    long itemsOnNode = node.itemCount();
    assertThat(itemsOnNode).as("items on node %d after loading %d keys", NODE, KEYS).isGreaterThan(KEYS / 3);

    node.pause();
    Conditions.await("the application to learn node " + NODE + "'s death from the agent", PATIENCE,
        () -> !application.view().isAlive(NODE));
    Map<String, String> overwrites = new LinkedHashMap<>();
    Set<String> removals = new HashSet<>();
    int n = 0;
    for (String key : expected.keySet()) {
      switch (n++ % 3) {
        case 0 -> overwrites.put(key, "new-" + key);
        case 1 -> removals.add(key);
        default -> {} // left alone: read back as loaded, from the mirror while node 2 is away or flushed
      }
    }
    putAllInBatches(cache, overwrites);
    for (List<String> batch : batches(new ArrayList<>(removals))) {
      cache.removeAll(new HashSet<>(batch));
    }
    expected.putAll(overwrites);
    removals.forEach(key -> expected.put(key, null));

    Reader reader = new Reader(cache, expected);
    reader.start();
    long flushesBefore = figures.getFlushes();
    long flushedKeysBefore = figures.getFlushedKeys();
    node.resume();
    String flushing = agent.awaitLine("the start of its flush of node " + NODE, line -> line.contains(FLUSHING),
        PATIENCE);
    Conditions.await("the agent to have deleted " + DELETED_BEFORE_KILL + " keys from node " + NODE, PATIENCE,
        () -> node.itemCount() <= itemsOnNode - DELETED_BEFORE_KILL);
    long killStart = System.nanoTime();
    agent.close(); // SIGKILL, while it holds node 2's flush turn
    long killMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killStart);
    long itemsAfterKill = node.itemCount();
    long flushesAtKill = figures.getFlushes();
    long killedAt = System.nanoTime();
    assertThat(flushesAtKill - flushesBefore)
        .as("flushes the application ran before the agent died (it held node %d's flush turn)", NODE).isZero();
    assertThat(agent.lines()).as("the agent's output: it did not finish the flush").noneMatch(
        line -> line.contains("node " + NODE + " is back"));

    Conditions.await("the application to flush node " + NODE + " and bring it back", PATIENCE,
        () -> application.view().isAlive(NODE));
    long backMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
    assertThat(figures.getFlushes() - flushesBefore).as("flushes of node %d by the application", NODE).isPositive();
    assertThat(figures.getFlushTakeovers()).as("the agent's cluster lease, taken over by the application")
        .isEqualTo(1);
    long flushedByApplication = figures.getFlushedKeys() - flushedKeysBefore;
    assertThat(flushedByApplication)
        .as("keys the application deleted: the agent's flush had not finished when it was killed").isPositive()
        .as("keys the application deleted: the agent had deleted some").isLessThanOrEqualTo(
            itemsOnNode - DELETED_BEFORE_KILL);
    Conditions.await("node " + NODE + "'s recovery to end", PATIENCE, () -> !application.view().isRecovering(NODE));
    reader.finish();
    long finalPassStale = reader.pass();

    System.out.printf("agent flush takeover: %d keys loaded in %d ms, %d items on node %d; %d keys homed there"
        + " (%d overwritten, %d removed while it hung); agent's line '%s'; kill took %d ms, %d items left on the"
        + " node after it; node back %d ms after the kill; the application flushed %d keys; %d reads checked%n",
        KEYS, loadMs, itemsOnNode, NODE, expected.size(), overwrites.size(), removals.size(), flushing, killMs,
        itemsAfterKill, backMs, flushedByApplication, reader.reads.get());
    assertThat(reader.failure.get()).as("an exception thrown by a read").isNull();
    assertThat(reader.reads.get()).as("reads checked").isGreaterThan(expected.size());
    assertThat(reader.stale).as("reads that returned a superseded or removed value (key=read, expected)").isEmpty();
    assertThat(reader.lost).as("reads that missed a key that was never removed").isEmpty();
    assertThat(finalPassStale).as("wrong reads in the last pass").isZero();
  }

  private static int homeOf(String key) {
    return ROUTER.home(KeyEncoder.forCache(NAMESPACE, CACHE).encode(new JavaSerializer().serialize(key))
        .getBytes(StandardCharsets.US_ASCII));
  }

  private static void putAllInBatches(Cache<String, String> cache, Map<String, String> entries) {
    for (List<String> batch : batches(new ArrayList<>(entries.keySet()))) {
      Map<String, String> part = new LinkedHashMap<>();
      batch.forEach(key -> part.put(key, entries.get(key)));
      cache.putAll(part);
    }
  }

  private static List<List<String>> batches(List<String> keys) {
    List<List<String>> batches = new ArrayList<>();
    for (int from = 0; from < keys.size(); from += BATCH) {
      batches.add(keys.subList(from, Math.min(keys.size(), from + BATCH)));
    }
    return batches;
  }

  /**
   * Reads every key homed on node 2 over and over, one {@code get} at a time, and records each read that
   * returned anything but the expected value: another value (superseded or removed) or a miss of a key
   * that was never removed. Nothing writes while it runs, so the expected values stay fixed.
   */
  private static final class Reader {
    private static final int SHOWN = 20;

    private final Cache<String, String> cache;
    private final Map<String, String> expected;
    private final List<String> keys;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong reads = new AtomicLong();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final List<String> stale = new ArrayList<>();
    private final List<String> lost = new ArrayList<>();
    private final Thread thread;

    Reader(Cache<String, String> cache, Map<String, String> expected) {
      this.cache = cache;
      this.expected = expected;
      this.keys = new ArrayList<>(expected.keySet());
      this.thread = new Thread(this::run, "flush-takeover-reader");
      thread.setDaemon(true);
    }

    void start() {
      thread.start();
    }

    /** Stops the reader thread and waits for it. */
    void finish() throws InterruptedException {
      running.set(false);
      thread.join(TimeUnit.SECONDS.toMillis(30));
      assertThat(thread.isAlive()).as("the reader thread still runs").isFalse();
    }

    /** One more pass over every key, in the caller's thread; returns how many reads were wrong. */
    long pass() {
      int wrongBefore = stale.size() + lost.size();
      for (String key : keys) {
        check(key);
      }
      return stale.size() + lost.size() - wrongBefore;
    }

    private void run() {
      try {
        while (running.get()) {
          for (String key : keys) {
            if (!running.get()) {
              return;
            }
            check(key);
          }
        }
      } catch (Throwable e) {
        failure.set(e);
      }
    }

    private synchronized void check(String key) {
      String read = cache.get(key);
      reads.incrementAndGet();
      String want = expected.get(key);
      if (Objects.equals(read, want)) {
        return;
      }
      List<String> into = read == null ? lost : stale;
      if (into.size() < SHOWN) {
        into.add(key + "=" + read + " (expected " + want + ")");
      }
    }
  }

  /**
   * {@link LivenessAgent} with mcjcache's own INFO lines shown (node transitions, and the start of a rejoin
   * flush, which the test waits for): the tests' logging configuration, which child JVMs inherit, shows
   * warnings only. Exits when its standard input ends, so that it never outlives the test.
   */
  public static final class VerboseAgent {
    /** Held here: java.util.logging keeps only weak references to loggers, and their levels with them. */
    private static final Logger MCJCACHE = Logger.getLogger("io.mcjcache");

    private VerboseAgent() {}

    public static void main(String[] args) throws InterruptedException {
      ConsoleHandler handler = new ConsoleHandler();
      handler.setLevel(Level.INFO);
      MCJCACHE.setLevel(Level.INFO);
      MCJCACHE.addHandler(handler);
      MCJCACHE.setUseParentHandlers(false);
      ChildSide.exitWhenInputEnds(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)));
      LivenessAgent.main(args);
    }
  }
}
