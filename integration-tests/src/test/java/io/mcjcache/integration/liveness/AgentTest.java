package io.mcjcache.integration.liveness;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcjcache.agent.LivenessAgent;
import io.mcjcache.cluster.RoutedClusterStore;
import io.mcjcache.cluster.RouterFigures;
import io.mcjcache.integration.ClientProcess;
import io.mcjcache.integration.Conditions;
import io.mcjcache.testkit.MemcachedCluster;
import io.mcjcache.testkit.MemcachedClusterExtension;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
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
    Conditions.await("the application probes while it is alone", PATIENCE, () -> figures.getProbeRounds() > 3);

    ClientProcess agent = startAgent(uri);
    agent.awaitLine("its start", line -> line.startsWith(LivenessAgent.STARTED), PATIENCE);
    awaitSteady("the application to stop probing once the agent runs", figures::getProbeRounds);

    cluster.node(2).kill();
    Conditions.await("the application to learn node 2's death from the agent", PATIENCE,
        () -> !application.view().isAlive(2));
    long roundsWhileAgentRuns = figures.getProbeRounds();
    cluster.node(2).restart();
    Conditions.await("the application to learn node 2's return from the agent", PATIENCE,
        () -> application.view().isAlive(2));
    assertThat(figures.getProbeRounds()).as("rounds the application probed itself while the agent ran")
        .isEqualTo(roundsWhileAgentRuns);
    // Not asserted: that the application never probed node 2. If the agent's sign of life is ever older than
    // the staleness bound (a slow machine), the application probes a round itself, by design.
    assertThat(figures.getAdoptedTransitions()).as("node 2's return, taken over from the agent").isPositive();
    assertThat(figures.getLivenessView()).contains("agent seen");

    agent.close(); // SIGKILL: no clean stop
    long atKill = figures.getProbeRounds();
    Conditions.await("the application to probe again after the agent's death", PATIENCE,
        () -> figures.getProbeRounds() > atKill + 3);
    cluster.node(1).kill();
    Conditions.await("the application to find node 1 dead by itself", PATIENCE,
        () -> !application.view().isAlive(1));
  }

  @Test
  @Timeout(value = 1, unit = TimeUnit.MINUTES)
  void aStoppedAgentEndsCleanly() throws Exception {
    ClientProcess agent = startAgent(CLUSTER.cluster().uri() + "?mirror=pairs&healthIntervalMs="
        + HEALTH_INTERVAL_MS + "&namespace=agent-stop");
    agent.awaitLine("its start", line -> line.startsWith(LivenessAgent.STARTED), PATIENCE);
    agent.terminate(); // SIGTERM
    assertThat(agent.awaitExit(Duration.ofSeconds(20))).as("exit status after SIGTERM; output %s", agent.output())
        .isIn(0, 143);
  }

  @Test
  @Timeout(value = 1, unit = TimeUnit.MINUTES)
  void badArgumentsAreAClearErrorNamingTheProblem() throws Exception {
    ClientProcess bad = startAgent("memcached://127.0.0.1:1?mirror=sideways");
    assertThat(bad.awaitExit(PATIENCE)).isEqualTo(2);
    assertThat(bad.output()).contains("mirror");

    ClientProcess useless = startAgent(CLUSTER.cluster().uri() + "?liveness.file=none");
    assertThat(useless.awaitExit(PATIENCE)).isEqualTo(2);
    assertThat(useless.output()).contains("liveness.file=none");
  }

  private ClientProcess startAgent(String argument) {
    ClientProcess agent = ClientProcess.start("agent", LivenessAgent.class, argument);
    agents.add(agent);
    return agent;
  }

  /** Waits until {@code counter} has not moved for ten probe intervals. */
  private static void awaitSteady(String what, LongSupplier counter) throws InterruptedException {
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
