package io.mcjcache.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A real nutcracker in front of two real memcached nodes: it forwards, publishes its stats and leaves no process
 * behind. Skipped without nutcracker, as on a developer's machine without it; CI sets {@value #REQUIRE} to 1 (as for
 * the proxy's client tools), where a skipped test would pass unnoticed, and then it fails instead.
 */
class TwemproxyTest {
  private static final String REQUIRE = "MCJCACHE_REQUIRE_CLIENT_TOOLS";

  @Test
  @Timeout(60)
  void forwardsToTheNodesPublishesStatsAndLeavesNoProcessBehind() throws IOException, InterruptedException {
    Path binary = requireNutcracker();
    Twemproxy.Settings settings = Twemproxy.Settings.defaults().withStatsInterval(Duration.ofMillis(100));
    try (MemcachedCluster cluster = MemcachedCluster.start(2)) {
      Twemproxy twemproxy = Twemproxy.start(binary, cluster.addresses(), settings);
      long pid = twemproxy.pid();
      try {
        try (TextClient client = new TextClient(twemproxy.address(), 2000)) {
          assertThat(client.set("twemproxy-key", "through the proxy")).isEqualTo("STORED");
          assertThat(client.get("twemproxy-key")).isEqualTo("through the proxy");
        }
        assertThat(cluster.node(0).itemCount() + cluster.node(1).itemCount()).as("the item is on a node")
            .isEqualTo(1);
        assertThat(twemproxy.stats()).contains("\"service\":\"nutcracker\"", "\"mcjcache\":", "\"node0\":",
            "\"node1\":");
        assertThat(twemproxy.version()).contains("nutcracker");
        assertThat(ProcessAssertions.alive(pid)).isTrue();
      } finally {
        twemproxy.close();
      }
      ProcessAssertions.assertAllGoneWithin(List.of(pid), Duration.ofSeconds(5));
      assertThat(ProcessHandle.current().children().map(child -> child.info().commandLine().orElse("")))
          .as("no nutcracker nor its watchdog left among this JVM's children")
          .noneMatch(command -> command.contains("nutcracker") || command.contains("kill -KILL " + pid));
      assertThatThrownBy(twemproxy::stats).as("its stats port is closed").isInstanceOf(RuntimeException.class);
    }
  }

  @Test
  void theConfigurationCarriesEverySetting() {
    Twemproxy.Settings settings = Twemproxy.Settings.defaults().withPool("cmp").withEjection(1,
        Duration.ofSeconds(2)).withTimeout(Duration.ofMillis(250));
    String yaml = Twemproxy.config(settings, 22121, List.of(new InetSocketAddress("127.0.0.1", 11211),
        new InetSocketAddress("127.0.0.1", 11212)));
    assertThat(yaml).contains("cmp:\n  listen: 127.0.0.1:22121\n", "  hash: md5\n", "  distribution: ketama\n",
        "  timeout: 250\n", "  auto_eject_hosts: true\n", "  server_failure_limit: 1\n",
        "  server_retry_timeout: 2000\n", "  server_connections: 1\n", "   - 127.0.0.1:11211:1 node0\n",
        "   - 127.0.0.1:11212:1 node1\n");
  }

  @Test
  void aNamedBinaryThatIsNotThereIsNotLookedForElsewhere() {
    String before = System.getProperty(Twemproxy.PROPERTY);
    System.setProperty(Twemproxy.PROPERTY, "/nonexistent/nutcracker");
    try {
      assertThat(Twemproxy.binary()).isEmpty();
      assertThat(Twemproxy.missing()).contains("/nonexistent/nutcracker", "not an executable file");
    } finally {
      if (before == null) {
        System.clearProperty(Twemproxy.PROPERTY);
      } else {
        System.setProperty(Twemproxy.PROPERTY, before);
      }
    }
  }

  private static Path requireNutcracker() {
    if ("1".equals(System.getenv(REQUIRE))) {
      assertThat(Twemproxy.binary()).as("%s=1: %s", REQUIRE, Twemproxy.missing()).isPresent();
    }
    assumeTrue(Twemproxy.binary().isPresent(), () -> "needs nutcracker (Debian package nutcracker): "
        + Twemproxy.missing());
    return Twemproxy.binary().orElseThrow();
  }
}
