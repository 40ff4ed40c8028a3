package io.mcjcache.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcjcache.testkit.MemcachedCluster;
import io.mcjcache.testkit.MemcachedClusterExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * pymemcache, Python's most used memcached client, against the proxy on a real 4-node cluster with
 * {@code mirror=pairs}: each test runs one scenario of {@code src/test/python/pymemcache_client.py}, so
 * the client's own parsing, pipelining (noreply, multi-gets) and error mapping meet the proxy, not ours.
 * The scenarios share one proxy and run one at a time ({@code commands} and {@code noreply} flush it).
 */
class PymemcacheClientTest {
  private static final Path SCRIPT = Path.of("src/test/python/pymemcache_client.py").toAbsolutePath();
  private static final Duration SCENARIO_TIMEOUT = Duration.ofSeconds(60);

  @RegisterExtension
  static final MemcachedClusterExtension CLUSTER = MemcachedClusterExtension.withNodes(4);

  private static String python;
  private static ProxyFixture proxy;

  @BeforeAll
  static void start() throws InterruptedException {
    python = ClientTools.pythonWithPymemcache();
    assertThat(SCRIPT).as("the scenarios (tests run in the proxy module's directory)").exists();
    proxy = new ProxyFixture(CLUSTER.cluster(), "mirror=pairs");
  }

  @AfterAll
  static void stop() {
    if (proxy != null) {
      proxy.close();
    }
  }

  @Test
  void everyCommandPymemcacheHas() {
    runScenario("commands");
  }

  @Test
  void noreplyItsDefault() {
    runScenario("noreply");
  }

  @Test
  void binaryValuesFlagsAndUnicodeKeys() {
    runScenario("binary");
  }

  @Test
  void multiGetsOf100KeysAndAPooledClient() {
    runScenario("multiget");
  }

  @Test
  void aKeyTooLongAndAValueTooLarge() {
    runScenario("limits");
  }

  @Test
  void ttlsTouchAndExpiry() {
    runScenario("ttl");
  }

  @Test
  void casRaceCountsEveryIncrementOnce() {
    runScenario("cas_race");
  }

  /**
   * The script writes 2,000 keys, then overwrites and deletes them in rounds; a quarter into the first round
   * it prints "phase1-done" and writes on, node 1 is SIGKILLed from here and the script is told "go", which
   * it sees between two requests. A full round later every key must read back as last acknowledged. Its own
   * cluster and proxy, so that the kill and the node's return touch no other scenario.
   */
  @Test
  void aNodeKilledWhileWritingLosesNoAcknowledgedWrite() throws Exception {
    try (MemcachedCluster cluster = MemcachedCluster.start(4);
        ProxyFixture failing = new ProxyFixture(cluster, "mirror=pairs");
        ClientTools.Child script = script(failing, "failover")) {
      script.awaitLine("phase1-done", SCENARIO_TIMEOUT);
      cluster.node(1).kill();
      script.send("go");
      assertThat(script.exitCode(SCENARIO_TIMEOUT)).as(script.describe("exit status")).isZero();
      assertThat(script.output()).as(script.describe("output")).contains("ok failover");
      assertThat(failing.store.view().isAlive(1)).as("node 1 was in use and is seen dead").isFalse();
      System.out.print(script.output());
    }
  }

  private static void runScenario(String scenario) {
    try (ClientTools.Child script = script(proxy, scenario)) {
      assertThat(script.exitCode(SCENARIO_TIMEOUT)).as(script.describe("exit status")).isZero();
      assertThat(script.output()).as(script.describe("output")).contains("ok " + scenario);
      System.out.print(script.output());
    }
  }

  private static ClientTools.Child script(ProxyFixture target, String scenario) {
    int maxKeyBytes = new ProxyKeys(target.namespace).maxClientKeyBytes();
    return new ClientTools.Child(List.of(python, "-u", SCRIPT.toString(), String.valueOf(target.port()), scenario,
        String.valueOf(maxKeyBytes)));
  }
}
