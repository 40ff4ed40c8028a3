package io.mcjcache.integration.liveness;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcjcache.integration.ClientProcess;
import io.mcjcache.integration.Conditions;
import io.mcjcache.testkit.MemcachedClusterExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Probing is shared on a host: of two application JVMs ({@link ProbingApplication}) on the same servers
 * and namespace, one probes the cluster and the other follows the shared view; when the prober is
 * SIGKILLed, the other takes the probing over (the OS drops the dead process's probe turn).
 */
class SharedProbingTest {
  @RegisterExtension
  static final MemcachedClusterExtension CLUSTER = MemcachedClusterExtension.withNodes(4);

  private static final Duration PATIENCE = Duration.ofSeconds(30);

  private final List<ClientProcess> children = new ArrayList<>();

  @AfterEach
  void stop() {
    children.forEach(ClientProcess::close);
  }

  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void twoApplicationsProbeOnceBetweenThemAndTheSurvivorTakesOver() throws Exception {
    String uri = CLUSTER.cluster().uri() + "?mirror=pairs&healthIntervalMs=100&namespace=shared-probing";
    ClientProcess first = start("first", uri);
    ClientProcess second = start("second", uri);
    first.awaitLine("a report", line -> line.startsWith(ProbingApplication.ROUNDS), PATIENCE);
    second.awaitLine("a report", line -> line.startsWith(ProbingApplication.ROUNDS), PATIENCE);
    Conditions.await("one application probes", PATIENCE, () -> rounds(first) + rounds(second) > 5);

    long firstBefore = rounds(first);
    long secondBefore = rounds(second);
    Conditions.await("twenty more probe rounds on the host", PATIENCE,
        () -> rounds(first) - firstBefore + rounds(second) - secondBefore >= 20);
    long firstGrew = rounds(first) - firstBefore;
    long secondGrew = rounds(second) - secondBefore;
    assertThat(Math.min(firstGrew, secondGrew)).as("rounds of the application that is not the prober (%d and %d)",
        firstGrew, secondGrew).isZero();

    ClientProcess prober = firstGrew > 0 ? first : second;
    ClientProcess survivor = firstGrew > 0 ? second : first;
    long atKill = rounds(survivor);
    prober.close(); // SIGKILL
    Conditions.await("the surviving application takes the probing over", PATIENCE,
        () -> rounds(survivor) > atKill + 5);
  }

  private ClientProcess start(String name, String uri) {
    ClientProcess child = ClientProcess.start(name, ProbingApplication.class, uri);
    children.add(child);
    return child;
  }

  /** The child's last reported count of rounds it probed itself; -1 before its first report. */
  private static long rounds(ClientProcess child) {
    return child.lastLine(line -> line.startsWith(ProbingApplication.ROUNDS))
        .map(line -> Long.parseLong(line.substring(ProbingApplication.ROUNDS.length()).trim()))
        .orElse(-1L);
  }
}
