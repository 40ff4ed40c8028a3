package io.mcjcache.testkit;

import static io.mcjcache.testkit.ProcessAssertions.assertAllGoneWithin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.testkit.engine.EngineTestKit;

/** A test that fails or a JVM that dies mid-way leaves no memcached process behind. */
class NoLeakedProcessesTest {
  private static final Duration GONE = Duration.ofSeconds(10);

  @Test
  void tryWithResourcesStopsEveryNodeWhenTheBodyThrows() throws InterruptedException {
    List<Long> pids = new ArrayList<>();
    try (MemcachedCluster cluster = MemcachedCluster.start(3)) {
      cluster.nodes().forEach(n -> pids.add(n.pid()));
      cluster.node(1).pause();
      throw new IllegalStateException("test body failed");
    } catch (IllegalStateException expected) {
      assertThat(expected).hasMessage("test body failed");
    }
    assertThat(pids).hasSize(3);
    assertAllGoneWithin(pids, GONE);
  }

  /** Run only through EngineTestKit below; it fails on purpose after noting its pids. */
  static class FailingClassWithCluster {
    static final List<Long> PIDS = new CopyOnWriteArrayList<>();

    @RegisterExtension
    static final MemcachedClusterExtension CLUSTER = MemcachedClusterExtension.withNodes(2);

    @Test
    void failsMidWay() {
      CLUSTER.cluster().nodes().forEach(n -> PIDS.add(n.pid()));
      CLUSTER.cluster().node(0).pause();
      throw new AssertionError("failing on purpose");
    }
  }

  @Test
  void extensionStopsTheClusterAfterAFailingTestClass() throws InterruptedException {
    FailingClassWithCluster.PIDS.clear();
    EngineTestKit.engine("junit-jupiter").selectors(selectClass(FailingClassWithCluster.class)).execute()
        .testEvents().assertStatistics(stats -> stats.started(1).failed(1));
    assertThat(FailingClassWithCluster.PIDS).hasSize(2);
    assertAllGoneWithin(FailingClassWithCluster.PIDS, GONE);
  }

  @Test
  void shutdownHookStopsNodesOfAJvmThatExitsWithoutClosing() throws Exception {
    List<Long> pids = pidsFromChild("exit", Map.of());
    assertAllGoneWithin(pids, GONE);
  }

  @Test
  void watchdogStopsNodesOfAJvmThatDiesWithoutRunningHooks() throws Exception {
    List<Long> pids = pidsFromChild("halt", Map.of());
    // The watchdog polls once a second; allow it a few rounds on a busy machine.
    assertAllGoneWithin(pids, GONE);
  }

  @Test
  void missingBinaryIsAClearInstruction() throws Exception {
    String output = childOutput("start", Map.of("MEMCACHED_BIN", "", "PATH", "/nonexistent"));
    assertThat(output).contains("memcached is not installed").contains("apt-get install -y memcached")
        .contains("MEMCACHED_BIN");
    String badOverride = childOutput("start", Map.of("MEMCACHED_BIN", "/nonexistent/memcached"));
    assertThat(badOverride).contains("MEMCACHED_BIN points to '/nonexistent/memcached'");
  }

  private static List<Long> pidsFromChild(String mode, Map<String, String> env) throws Exception {
    String output = childOutput(mode, env);
    String line = output.lines().filter(l -> l.startsWith("PIDS ")).findFirst()
        .orElseThrow(() -> new AssertionError("child printed no pids: " + output));
    return Arrays.stream(line.substring(5).trim().split(" ")).map(Long::valueOf).toList();
  }

  private static String childOutput(String mode, Map<String, String> env) throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        ChildJvmCluster.class.getName(), mode).redirectErrorStream(true);
    builder.environment().putAll(env);
    Process child = builder.start();
    StringBuilder out = new StringBuilder();
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        out.append(line).append('\n');
      }
    }
    assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("child JVM exited").isTrue();
    return out.toString();
  }
}
