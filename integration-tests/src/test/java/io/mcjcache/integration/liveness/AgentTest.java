package io.mcjcache.integration.liveness;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcjcache.cluster.RoutedClusterStore;
import io.mcjcache.cluster.RouterFigures;
import io.mcjcache.testkit.MemcachedCluster;
import io.mcjcache.testkit.MemcachedClusterExtension;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javax.cache.CacheManager;
import javax.cache.Caching;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The host's agent ({@code ./mcjcache agent}, {@code io.mcjcache.agent.LivenessAgent}) as a real child JVM
 * beside an application process (this test's JVM), sharing the host's liveness file: started after the
 * application, it takes the probing over; the application then learns a node's death and return from the
 * agent alone (it neither probes nor sends a request); SIGKILLed, the agent's turn is released and the
 * application probes again. docs/operations.md, "The agent".
 */
class AgentTest {
  @RegisterExtension
  static final MemcachedClusterExtension CLUSTER = MemcachedClusterExtension.withNodes(4);

  private static final int HEALTH_INTERVAL_MS = 100;
  private static final Duration PATIENCE = Duration.ofSeconds(30);

  private Process agent;
  private CacheManager manager;

  @AfterEach
  void stop() throws InterruptedException {
    if (agent != null && agent.isAlive()) {
      agent.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    if (manager != null) {
      manager.close();
    }
  }

  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void theAgentTakesTheProbingOverAndTheApplicationTakesItBackWhenTheAgentIsKilled() throws Exception {
    MemcachedCluster cluster = CLUSTER.cluster();
    String uri = cluster.uri() + "?mirror=pairs&opTimeoutMs=300&healthIntervalMs=" + HEALTH_INTERVAL_MS
        + "&namespace=agent-test";
    manager = Caching.getCachingProvider("io.mcjcache.MemcachedCachingProvider")
        .getCacheManager(URI.create(uri), getClass().getClassLoader());
    RoutedClusterStore application = manager.unwrap(RoutedClusterStore.class);
    RouterFigures figures = application.figures();
    assertThat(figures.getLivenessView()).startsWith("host file");
    await("the application probes while it is alone", () -> figures.getProbeRounds() > 3);

    List<String> agentOutput = new CopyOnWriteArrayList<>();
    agent = startAgent(uri, agentOutput);
    await("the agent to start", () -> agentOutput.stream().anyMatch(line -> line.startsWith("mcjcache agent: watching")));
    awaitSteady("the application to stop probing once the agent runs", figures::getProbeRounds);

    cluster.node(2).kill();
    await("the application to learn node 2's death from the agent", () -> !application.view().isAlive(2));
    long roundsWhileAgentRuns = figures.getProbeRounds();
    cluster.node(2).restart();
    await("the application to learn node 2's return from the agent", () -> application.view().isAlive(2));
    assertThat(figures.getProbeRounds()).as("rounds the application probed itself while the agent ran")
        .isEqualTo(roundsWhileAgentRuns);
    System.out.printf("AgentTest: application probe rounds %d, node failures seen %d, adopted transitions %d%n",
        figures.getProbeRounds(), figures.getNodeFailures(), figures.getAdoptedTransitions());
    // Not asserted: that the application never probed node 2. If the agent's sign of life is ever older than
    // the staleness bound (a slow machine), the application probes a round itself, by design.
    assertThat(figures.getAdoptedTransitions()).as("node 2's return, taken over from the agent")
        .isPositive();
    assertThat(figures.getLivenessView()).contains("agent seen");

    agent.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // SIGKILL: no clean stop
    long atKill = figures.getProbeRounds();
    await("the application to probe again after the agent's death", () -> figures.getProbeRounds() > atKill + 3);
    cluster.node(1).kill();
    await("the application to find node 1 dead by itself", () -> !application.view().isAlive(1));
  }

  @Test
  @Timeout(value = 1, unit = TimeUnit.MINUTES)
  void aStoppedAgentEndsCleanly() throws Exception {
    String uri = CLUSTER.cluster().uri() + "?mirror=pairs&healthIntervalMs=" + HEALTH_INTERVAL_MS
        + "&namespace=agent-stop";
    List<String> output = new CopyOnWriteArrayList<>();
    agent = startAgent(uri, output);
    await("the agent to start", () -> output.stream().anyMatch(line -> line.startsWith("mcjcache agent: watching")));
    agent.destroy(); // SIGTERM
    assertThat(agent.waitFor(20, TimeUnit.SECONDS)).as("the agent stopped").isTrue();
    assertThat(agent.exitValue()).as("exit status after SIGTERM; output %s", output).isIn(0, 143);
  }

  @Test
  @Timeout(value = 1, unit = TimeUnit.MINUTES)
  void badArgumentsAreAClearErrorNamingTheProblem() throws Exception {
    List<String> output = new CopyOnWriteArrayList<>();
    Process bad = start(List.of("memcached://127.0.0.1:1?mirror=sideways"), output);
    assertThat(bad.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(bad.exitValue()).isEqualTo(2);
    await("the error line", () -> output.stream().anyMatch(line -> line.contains("mirror")));

    List<String> none = new CopyOnWriteArrayList<>();
    Process useless = start(List.of(CLUSTER.cluster().uri() + "?liveness.file=none"), none);
    assertThat(useless.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(useless.exitValue()).isEqualTo(2);
    await("the error line", () -> none.stream().anyMatch(line -> line.contains("liveness.file=none")));
  }

  private static Process startAgent(String uri, List<String> output) throws IOException {
    return start(List.of(uri), output);
  }

  private static Process start(List<String> arguments, List<String> output) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new java.util.ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
        "-Djava.net.preferIPv4Stack=true", "io.mcjcache.agent.LivenessAgent"));
    command.addAll(arguments);
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    Thread reader = new Thread(() -> {
      try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
          StandardCharsets.UTF_8))) {
        String line;
        while ((line = lines.readLine()) != null) {
          output.add(line);
        }
      } catch (IOException e) {
        // the process ended
      }
    }, "agent-output");
    reader.setDaemon(true);
    reader.start();
    return process;
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + PATIENCE + " waiting for " + what);
      }
      Thread.sleep(20);
    }
  }

  /** Waits until {@code counter} has not moved for ten probe intervals. */
  private static void awaitSteady(String what, java.util.function.LongSupplier counter) throws InterruptedException {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    long last = counter.getAsLong();
    long since = System.nanoTime();
    while (System.nanoTime() - since < TimeUnit.MILLISECONDS.toNanos(10L * HEALTH_INTERVAL_MS)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + PATIENCE + " waiting for " + what);
      }
      Thread.sleep(20);
      long now = counter.getAsLong();
      if (now != last) {
        last = now;
        since = System.nanoTime();
      }
    }
  }
}
