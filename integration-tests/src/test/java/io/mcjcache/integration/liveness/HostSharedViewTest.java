package io.mcjcache.integration.liveness;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcjcache.agent.LivenessAgent;
import io.mcjcache.codec.JavaSerializer;
import io.mcjcache.codec.KeyEncoder;
import io.mcjcache.integration.ClientProcess;
import io.mcjcache.integration.liveness.HistoryChecker.Kind;
import io.mcjcache.integration.liveness.HistoryChecker.Operation;
import io.mcjcache.integration.liveness.HistoryChecker.Violation;
import io.mcjcache.routing.ClusterView;
import io.mcjcache.routing.NodeList;
import io.mcjcache.routing.Router;
import io.mcjcache.routing.RoutingSettings;
import io.mcjcache.testkit.MemcachedCluster;
import io.mcjcache.testkit.MemcachedClusterExtension;
import io.mcjcache.testkit.MemcachedNode;
import io.mcjcache.testkit.RandomFaults;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * README guarantee 6 on real processes: guarantee 3 (no stale read, no resurrection) holds for all the
 * processes of one host together. Child JVMs ({@link KeyMixClient}), each with its own mcjcache manager
 * and the default {@code liveness.file=auto} (so they share the host's liveness file), put, remove and get
 * a shared set of keys at random while this JVM kills, pauses, resumes and restarts random memcached nodes
 * of a 4-node {@code mirror=pairs} cluster. Every call is timed with the host's monotonic clock (as are the
 * faults), and {@link HistoryChecker} then looks for a read that returned a value which a write or remove,
 * acknowledged by any process before the read began, had superseded or removed.
 *
 * <p>The near cache is off ({@code nearCache.maxEntries=0}): it has its own, documented staleness bound
 * across JVMs. {@link #eachJvmOnAHostOfItsOwnMeasured()} runs the two-JVM schedule again with
 * {@code liveness.file=none} in the children, without and with the cluster record, and only prints what it
 * finds: the "before" of the shared view, and what processes on different hosts see.
 *
 * <p>Each case writes its histories, the views each child's router ran under (sampled every millisecond)
 * and a report to {@code target/host-shared-view/<namespace>/}, and prints the report: counts, each
 * child's liveness view at its start and end, and the first violations, each with the key's operations
 * around it, its home and partner node, the views of every child at the write, the witness and the read,
 * and the faults before it. A shared case also fails if a child stopped sharing the host file (a file it
 * could no longer trust costs one WARNING and the process decides alone from then on).
 *
 * <p>The seed is printed; {@code -Dmcjcache.hostview.seed=<seed>} replays the same operation mixes and
 * fault choices (not the same interleaving: the processes run freely). {@code -Dmcjcache.hostview.runMs}
 * sets how long the clients run (default 20,000).
 */
class HostSharedViewTest {
  private static final int NODES = 4;

  @RegisterExtension
  static final MemcachedClusterExtension CLUSTER = MemcachedClusterExtension.withNodes(NODES);

  private static final long SEED = Long.getLong("mcjcache.hostview.seed", new Random().nextLong());
  private static final String CACHE = "mix";
  private static final String SETTINGS = "mirror=pairs&opTimeoutMs=300&healthIntervalMs=100&nearCache.maxEntries=0";
  private static final int KEYS = 200;
  private static final int THREADS_PER_CLIENT = 2;
  /** How long the clients run, after every one of them is ready. */
  private static final Duration RUN = Duration.ofMillis(Long.getLong("mcjcache.hostview.runMs", 20_000));
  /** Faults stop this long before the clients do; every node is then healed, and the clients go on. */
  private static final Duration CALM_AT_END = Duration.ofSeconds(3);
  private static final int FAULT_MIN_MS = 300;
  private static final int FAULT_MAX_MS = 800;
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(60);
  private static final int VIOLATIONS_EXPLAINED = 5;
  private static final long MARGIN_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
  /** Placement for the reports: the default {@code hash=modulo}, {@code mirror=pairs}. */
  private static final Router ROUTER = new Router(RoutingSettings.defaults(NODES));

  private final List<ClientProcess> clients = new ArrayList<>();
  private final List<ClientProcess> agents = new ArrayList<>();
  /** The children's liveness views as they started: the host files to delete once they are gone. */
  private final List<String> startViews = new ArrayList<>();

  @AfterEach
  void stopClients() throws IOException {
    clients.forEach(ClientProcess::close);
    agents.forEach(ClientProcess::close);
    deleteSharedFiles(startViews);
  }

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void twoJvmsSharingTheHostViewNeverReadASupersededValue() throws Exception {
    assertNoViolation(runCase(new Case("hsv-shared-2", 2, "auto", SEED, false)));
  }

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void fourJvmsSharingTheHostViewNeverReadASupersededValue() throws Exception {
    assertNoViolation(runCase(new Case("hsv-shared-4", 4, "auto", SEED + 1_000, false)));
  }

  /**
   * The host's agent ({@code ./mcjcache agent}) as a third child JVM: it probes, flushes and closes
   * episodes for the host, and the two application JVMs follow the view it keeps.
   */
  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void twoJvmsAndTheAgentSharingTheHostViewNeverReadASupersededValue() throws Exception {
    Outcome outcome = runCase(new Case("hsv-agent-2", 2, "auto", SEED + 2_000, true));
    assertNoViolation(outcome);
    assertThat(outcome.children()).as("the children's views at their end: the agent ran beside them")
        .allSatisfy(child -> assertThat(child.endView()).contains("agent seen"));
  }

  /**
   * Not a check: the two-JVM schedule of {@link #twoJvmsSharingTheHostViewNeverReadASupersededValue()}
   * (same seed) with each JVM on a host of its own ({@code liveness.file=none}), first deciding alone
   * ({@code liveness.syncMs=0}: the "before"), then sharing the view through the cluster record only (as
   * processes on different hosts do); prints how many reads returned a superseded or removed value. The
   * children must still run and exit cleanly. Run with {@code -Dmcjcache.hostview.measure=true}.
   */
  @EnabledIfSystemProperty(named = "mcjcache.hostview.measure", matches = "true")
  @Test
  @Timeout(value = 6, unit = TimeUnit.MINUTES)
  void eachJvmOnAHostOfItsOwnMeasured() throws Exception {
    for (Case run : List.of(new Case("hsv-alone-2", 2, "none&liveness.syncMs=0", SEED, false),
        new Case("hsv-record-2", 2, "none", SEED, false))) {
      Outcome outcome = runCase(run);
      assertThat(outcome.children()).as("the children's liveness views")
          .allSatisfy(child -> assertThat(child.startView()).startsWith("own"));
      clients.forEach(ClientProcess::close);
      clients.clear();
      System.out.printf("MEASURED liveness.file=%s, 2 JVMs, seed %d: %d violations in %d reads of a value "
          + "(%d reads, %d faults)%n", run.livenessFile(), SEED, outcome.violations().size(), outcome.hits(),
          outcome.reads(), outcome.faultCount());
    }
  }

  /**
   * One case: {@code processes} child JVMs on namespace {@code namespace} (its own liveness file) with
   * {@code liveness.file=<livenessFile>}, operations and faults drawn from {@code seed}; with {@code agent},
   * the host's agent runs beside them from before they start.
   */
  private record Case(String namespace, int processes, String livenessFile, long seed, boolean agent) {}

  /** A fault (or a heal) as this JVM did it, timed with the clients' clock. */
  private record Fault(long start, long end, String action, int node) {
    String describe(long origin) {
      return String.format(Locale.ROOT, "[%s .. %s] %s %d", HistoryChecker.seconds(start, origin),
          HistoryChecker.seconds(end, origin), action, node);
    }
  }

  /**
   * One child JVM as it ended: its liveness view when it started and when it ended (the router's figure
   * {@code LivenessView}), the views its router ran under ({@code nanoTime} of the sample to
   * {@code shared|own <ClusterView>}) and what it printed.
   */
  private record Child(String name, String startView, String endView, NavigableMap<Long, String> views,
      String output) {
    /** When it first ran under a view of its own although it began with the host file, else {@code Long.MAX_VALUE}. */
    long leftSharedView() {
      if (!startView.startsWith("host file ")) {
        return Long.MAX_VALUE;
      }
      return views.entrySet().stream().filter(e -> e.getValue().startsWith("own")).mapToLong(Map.Entry::getKey)
          .findFirst().orElse(Long.MAX_VALUE);
    }

    /** The router's view as last sampled at or before {@code nanos}. */
    String viewAt(long nanos) {
      Map.Entry<Long, String> sample = views.floorEntry(nanos);
      return sample == null ? "(not sampled yet)" : sample.getValue();
    }
  }

  /** What a case did and found. */
  private record Outcome(Case run, long origin, List<Child> children, List<Operation> history,
      List<Violation> violations, List<Fault> faults, String report) {
    long count(Kind kind, boolean acknowledged) {
      return history.stream().filter(o -> o.kind() == kind && o.failed() != acknowledged).count();
    }

    long reads() {
      return count(Kind.GET, true);
    }

    long hits() {
      return history.stream().filter(Operation::readAValue).count();
    }

    /** Faults injected, not counting the heals at the end. */
    long faultCount() {
      return faults.stream().filter(f -> !f.action().startsWith("heal")).count();
    }

    /** When the first child stopped sharing the host file, else {@code Long.MAX_VALUE}. */
    long firstLeftSharedView() {
      return children.stream().mapToLong(Child::leftSharedView).min().orElse(Long.MAX_VALUE);
    }

    Outcome withReport(String text) {
      return new Outcome(run, origin, children, history, violations, faults, text);
    }
  }

  private static void assertNoViolation(Outcome outcome) {
    assertThat(outcome.children()).as("the children's liveness views when they started: they share the host file")
        .allSatisfy(child -> assertThat(child.startView()).startsWith("host file "));
    assertThat(outcome.faultCount()).as("faults injected").isGreaterThan(0);
    assertThat(outcome.reads()).as("acknowledged reads").isGreaterThan(5_000);
    assertThat(outcome.hits()).as("reads that returned a value").isGreaterThan(2_000);
    assertThat(outcome.count(Kind.PUT, true)).as("acknowledged puts").isGreaterThan(4_000);
    assertThat(outcome.count(Kind.REMOVE, true)).as("acknowledged removes").isGreaterThan(1_000);
    SoftAssertions.assertSoftly(softly -> {
      // Both, so that a failure says whether a process left the shared view, and what that cost.
      for (Child child : outcome.children()) {
        softly.assertThat(child.endView()).as("%s's liveness view at its end; it printed: %s", child.name(),
            child.output()).startsWith("host file ");
      }
      softly.assertThat(outcome.violations()).as("%s", outcome.report()).isEmpty();
    });
  }

  private Outcome runCase(Case run) throws Exception {
    MemcachedCluster cluster = CLUSTER.cluster();
    String uri = cluster.uri() + "?" + SETTINGS + "&namespace=" + run.namespace()
        + ("auto".equals(run.livenessFile()) ? "" : "&liveness.file=" + run.livenessFile());
    Path directory = Path.of("target", "host-shared-view", run.namespace());
    Files.createDirectories(directory);
    if (run.agent()) {
      ClientProcess agent = ClientProcess.start(run.namespace() + "-agent", LivenessAgent.class, uri);
      agents.add(agent);
      agent.awaitLine("the agent's start", line -> line.startsWith(LivenessAgent.STARTED), START_TIMEOUT);
    }
    List<Path> histories = new ArrayList<>();
    for (int p = 0; p < run.processes(); p++) {
      Path history = directory.resolve("c" + p + ".history").toAbsolutePath();
      Files.deleteIfExists(history);
      histories.add(history);
      clients.add(ClientProcess.start(run.namespace() + "-c" + p, KeyMixClient.class, uri, CACHE,
          Integer.toString(p), Long.toString(run.seed() + 1 + p), Long.toString(RUN.toMillis()),
          Integer.toString(THREADS_PER_CLIENT), Integer.toString(KEYS), history.toString()));
    }
    for (ClientProcess client : clients) {
      String ready = client.awaitLine("'ready'", line -> line.startsWith(KeyMixClient.READY), START_TIMEOUT);
      startViews.add(ready.substring(KeyMixClient.READY.length()));
    }

    long origin = System.nanoTime();
    clients.forEach(client -> client.send(KeyMixClient.GO));
    List<Fault> faults = Collections.synchronizedList(new ArrayList<>());
    AtomicReference<Throwable> injectorFailure = new AtomicReference<>();
    AtomicBoolean running = new AtomicBoolean(true);
    Thread injector = new Thread(() -> {
      try {
        injectFaults(cluster, new Random(run.seed()), origin + RUN.minus(CALM_AT_END).toNanos(), running, faults);
      } catch (Throwable t) {
        injectorFailure.set(t);
      }
    }, "fault-injector");
    injector.start();

    List<Integer> statuses = new ArrayList<>();
    try {
      for (ClientProcess client : clients) {
        statuses.add(client.awaitExit(RUN.plus(EXIT_TIMEOUT)));
      }
    } finally {
      running.set(false);
      injector.join(30_000);
    }
    long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - origin);
    assertThat(injectorFailure.get()).as("the fault injector's failure").isNull();
    List<Child> children = new ArrayList<>();
    for (int p = 0; p < clients.size(); p++) {
      ClientProcess client = clients.get(p);
      assertThat(statuses.get(p)).as("exit status of %s; it printed: %s", client, client.output()).isZero();
      String done = client.lastLine(line -> line.startsWith(KeyMixClient.DONE)).orElseThrow(
          () -> new AssertionError(client + " printed no 'done' line: " + client.output()));
      String endView = done.substring(done.indexOf(KeyMixClient.VIEW) + KeyMixClient.VIEW.length());
      children.add(new Child("c" + p, startViews.get(p), endView, sampledViews(histories.get(p)), client.output()));
    }

    List<Operation> history = new ArrayList<>();
    for (int p = 0; p < histories.size(); p++) {
      for (String line : Files.readAllLines(histories.get(p), StandardCharsets.UTF_8)) {
        history.add(Operation.parse("c" + p, line));
      }
    }
    List<Violation> violations = HistoryChecker.check(history);
    Outcome outcome = new Outcome(run, origin, children, history, violations, List.copyOf(faults), "");
    String report = report(outcome, elapsedMs);
    Files.writeString(directory.resolve("report.txt"), report, StandardCharsets.UTF_8);
    System.out.println(report);
    return outcome.withReport(report);
  }

  /** The views a child sampled ({@link KeyMixClient}: {@code c<p>.views} beside {@code c<p>.history}). */
  private static NavigableMap<Long, String> sampledViews(Path history) throws IOException {
    Path file = history.resolveSibling(history.getFileName().toString().replace(".history", ".views"));
    NavigableMap<Long, String> views = new TreeMap<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      int space = line.indexOf(' ');
      views.put(Long.parseLong(line.substring(0, space)), line.substring(space + 1));
    }
    return views;
  }

  /**
   * Every {@code FAULT_MIN_MS}-{@code FAULT_MAX_MS} ms until {@code stopAt}: a random node is killed or
   * paused if it is healthy and fewer than two are disturbed, resumed or restarted if it is disturbed; then
   * every node is brought back, each heal logged as well.
   */
  private static void injectFaults(MemcachedCluster cluster, Random random, long stopAt, AtomicBoolean running,
      List<Fault> log) throws InterruptedException {
    while (running.get()) {
      Thread.sleep(FAULT_MIN_MS + random.nextInt(FAULT_MAX_MS - FAULT_MIN_MS));
      if (System.nanoTime() >= stopAt) {
        break;
      }
      MemcachedNode node = cluster.node(random.nextInt(cluster.size()));
      RandomFaults.Action action = RandomFaults.choose(cluster, node, random, 2);
      if (action == null) {
        continue;
      }
      act(node, action, action.word(), log);
    }
    for (MemcachedNode node : cluster.nodes()) {
      if (!node.isRunning()) {
        act(node, RandomFaults.Action.RESTART, "heal: restart", log);
      } else if (node.isPaused()) {
        act(node, RandomFaults.Action.RESUME, "heal: resume", log);
      }
    }
  }

  private static void act(MemcachedNode node, RandomFaults.Action action, String logged, List<Fault> log) {
    long start = System.nanoTime();
    RandomFaults.apply(node, action);
    log.add(new Fault(start, System.nanoTime(), logged, node.index()));
  }

  private static String report(Outcome outcome, long elapsedMs) {
    Case run = outcome.run();
    long origin = outcome.origin();
    StringBuilder text = new StringBuilder();
    text.append(String.format(Locale.ROOT,
        "%s: %d JVMs x %d threads, liveness.file=%s, seed %d, %d ms: %d operations (%d puts, %d removes, %d gets "
            + "of which %d returned a value; failed: %d puts, %d removes, %d gets), %d faults, %d violations%n",
        run.namespace(), run.processes(), THREADS_PER_CLIENT, run.livenessFile(), SEED, elapsedMs,
        outcome.history().size(), outcome.count(Kind.PUT, true), outcome.count(Kind.REMOVE, true), outcome.reads(),
        outcome.hits(), outcome.count(Kind.PUT, false), outcome.count(Kind.REMOVE, false),
        outcome.count(Kind.GET, false), outcome.faultCount(), outcome.violations().size()));
    for (Child child : outcome.children()) {
      text.append("  ").append(child.name()).append(": started with ").append(child.startView()).append(", ended with ")
          .append(child.endView());
      if (child.leftSharedView() != Long.MAX_VALUE) {
        text.append("; left the shared view at ").append(HistoryChecker.seconds(child.leftSharedView(), origin))
            .append(" s");
      }
      text.append('\n');
    }
    long left = outcome.firstLeftSharedView();
    if (left != Long.MAX_VALUE) {
      text.append("  violations by reads that began while every process still shared the host file: ")
          .append(violations(outcome, v -> v.read().start() < left)).append(", after the first left it: ")
          .append(violations(outcome, v -> v.read().start() >= left)).append('\n');
    }
    text.append("  case seed ").append(run.seed()).append(" (-Dmcjcache.hostview.seed=").append(SEED)
        .append(" replays the class); times in seconds since 'go'\n");
    List<Violation> violations = outcome.violations();
    for (int i = 0; i < Math.min(VIOLATIONS_EXPLAINED, violations.size()); i++) {
      Violation violation = violations.get(i);
      text.append("  violation ").append(i + 1).append(" of ").append(violations.size()).append(": ")
          .append(HistoryChecker.explain(violation, outcome.history(), origin, MARGIN_NANOS));
      long from = violation.write() != null ? violation.write().start() : violation.read().start();
      String around = outcome.faults().stream()
          .filter(f -> f.end() >= from - TimeUnit.SECONDS.toNanos(3) && f.start() <= violation.read().end())
          .map(f -> f.describe(origin))
          .collect(Collectors.joining("; "));
      text.append("    faults from 3 s before the write to the read: ").append(around.isEmpty() ? "none" : around)
          .append('\n');
      String key = violation.read().key();
      // with every node alive the holders are [home, partner]
      NodeList holders = ROUTER.holders(KeyEncoder.forCache(run.namespace(), CACHE)
          .encode(new JavaSerializer().serialize(key)).getBytes(StandardCharsets.US_ASCII),
          ClusterView.allAlive(NODES));
      text.append("    ").append(key).append(" lives on node ").append(holders.get(0)).append(" and its partner ")
          .append(holders.get(1)).append("; the views the clients' routers ran under (sampled every ms):\n");
      List<Operation> steps = new ArrayList<>();
      steps.add(violation.read());
      if (violation.write() != null) {
        steps.add(0, violation.write());
      }
      if (violation.witness() != null) {
        steps.add(steps.size() - 1, violation.witness());
      }
      for (Operation step : steps) {
        String label = step == violation.read() ? "R" : step == violation.write() ? "W" : "X";
        for (Child child : outcome.children()) {
          text.append("      at ").append(label).append(" (").append(HistoryChecker.seconds(step.start(), origin))
              .append(" s) ").append(child.name()).append(": ").append(child.viewAt(step.start())).append('\n');
        }
      }
    }
    if (violations.size() > VIOLATIONS_EXPLAINED) {
      text.append("  further violations (read, write, witness):\n");
      violations.stream().skip(VIOLATIONS_EXPLAINED).limit(50).forEach(v -> text.append("    ")
          .append(v.read().describe(origin)).append(" | ")
          .append(v.write() == null ? "-" : v.write().describe(origin)).append(" | ")
          .append(v.witness() == null ? "-" : v.witness().describe(origin)).append('\n'));
    }
    for (Child child : outcome.children()) {
      text.append("  ").append(child.name()).append(" printed: ").append(child.output()).append('\n');
    }
    text.append("  fault log: ").append(outcome.faults().stream().map(f -> f.describe(origin))
        .collect(Collectors.joining("; "))).append('\n');
    return text.toString();
  }

  private static long violations(Outcome outcome, java.util.function.Predicate<Violation> which) {
    return outcome.violations().stream().filter(which).count();
  }

  /**
   * The host files the children shared ({@code host file <path>[, epoch <n>, ...]}): nothing of this run
   * outlives it.
   */
  private static void deleteSharedFiles(List<String> views) throws IOException {
    for (String view : views) {
      if (view.startsWith("host file ")) {
        String path = view.substring("host file ".length());
        int comma = path.indexOf(", ");
        Files.deleteIfExists(Path.of(comma < 0 ? path : path.substring(0, comma)));
      }
    }
  }
}
