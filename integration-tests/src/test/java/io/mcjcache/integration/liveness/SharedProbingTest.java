package io.mcjcache.integration.liveness;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcjcache.testkit.MemcachedClusterExtension;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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

  private final List<Process> children = new ArrayList<>();

  @AfterEach
  void stop() throws InterruptedException {
    for (Process child : children) {
      child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void twoApplicationsProbeOnceBetweenThemAndTheSurvivorTakesOver() throws Exception {
    String uri = CLUSTER.cluster().uri() + "?mirror=pairs&healthIntervalMs=100&namespace=shared-probing";
    AtomicLong firstRounds = new AtomicLong(-1);
    AtomicLong secondRounds = new AtomicLong(-1);
    Process first = start(uri, firstRounds);
    Process second = start(uri, secondRounds);
    await("both applications report", () -> firstRounds.get() >= 0 && secondRounds.get() >= 0);
    await("one application probes", () -> firstRounds.get() + secondRounds.get() > 5);

    long firstBefore = firstRounds.get();
    long secondBefore = secondRounds.get();
    await("twenty more probe rounds on the host", () ->
        firstRounds.get() - firstBefore + secondRounds.get() - secondBefore >= 20);
    long firstGrew = firstRounds.get() - firstBefore;
    long secondGrew = secondRounds.get() - secondBefore;
    assertThat(Math.min(firstGrew, secondGrew)).as("rounds of the application that is not the prober (%d and %d)",
        firstGrew, secondGrew).isZero();

    Process prober = firstGrew > 0 ? first : second;
    AtomicLong survivor = firstGrew > 0 ? secondRounds : firstRounds;
    long atKill = survivor.get();
    prober.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    await("the surviving application takes the probing over", () -> survivor.get() > atKill + 5);
  }

  private Process start(String uri, AtomicLong rounds) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        "-Djava.net.preferIPv4Stack=true", ProbingApplication.class.getName(), uri)
        .redirectErrorStream(true).start();
    children.add(process);
    Thread reader = new Thread(() -> {
      try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
          StandardCharsets.UTF_8))) {
        String line;
        while ((line = lines.readLine()) != null) {
          if (line.startsWith("rounds ")) {
            rounds.set(Long.parseLong(line.substring("rounds ".length()).trim()));
          }
        }
      } catch (IOException | NumberFormatException e) {
        // the process ended
      }
    }, "child-output");
    reader.setDaemon(true);
    reader.start();
    return process;
  }

  private static void await(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + PATIENCE + " waiting for " + what);
      }
      Thread.sleep(20);
    }
  }
}
