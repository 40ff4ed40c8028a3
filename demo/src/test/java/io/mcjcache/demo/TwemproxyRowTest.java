package io.mcjcache.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Row (g): twemproxy runs the schedule and is counted. Its numbers are the comparison, not a goal, so only
 * that it ran, answered and was measured is checked; without nutcracker the test is skipped (failed in CI),
 * and the demo prints a line instead of the row.
 */
class TwemproxyRowTest {
  private static final String REQUIRE = "MCJCACHE_REQUIRE_CLIENT_TOOLS";

  @Test
  @Timeout(60)
  void twemproxyRunsTheScheduleAndEveryReadIsCounted(@TempDir Path dir) {
    requireNutcracker();
    DemoReport report = FailoverDemo.run(new DemoOptions(4, 2000, 1, dir.resolve("chart.html"), false), null,
        EnumSet.of(StrategyKind.TWEMPROXY));

    StrategyResult twemproxy = report.strategy(StrategyKind.TWEMPROXY);
    assertThat(twemproxy.phases()).extracting(PhaseResult::phase).containsExactly(Phase.values());
    assertThat(twemproxy.phase(Phase.ALL_UP).hitRatio()).as("every node up: twemproxy serves every key")
        .isEqualTo(1.0);
    assertThat(twemproxy.phase(Phase.NODE_DOWN).reads()).isEqualTo(2000);
    PhaseResult back = twemproxy.phase(Phase.NODE_BACK);
    assertThat(back.reads()).isEqualTo(2200);
    assertThat(back.hits() + back.stale() + back.misses()).isEqualTo(back.reads());
    assertThat(back.lost()).isBetween(0L, back.misses());
    assertThat(back.deletedReads()).as("every acknowledged delete read back after the return")
        .isEqualTo(200 - twemproxy.failedDeletes());
    assertThat(back.resurrected()).isBetween(0L, back.deletedReads());
  }

  /**
   * Skips without nutcracker, as on a developer's machine without it; CI sets {@value #REQUIRE} to 1 (as for
   * the proxy's client tools), where a skipped comparison would pass unnoticed, and then it fails instead.
   */
  private static void requireNutcracker() {
    if ("1".equals(System.getenv(REQUIRE))) {
      assertThat(Nutcracker.binary()).as("%s=1: %s", REQUIRE, Nutcracker.missing()).isPresent();
    }
    assumeTrue(Nutcracker.binary().isPresent(), Nutcracker::missing);
  }

  @Test
  void aMissingBinaryIsALineInsteadOfTheRow() {
    String before = System.getProperty(Nutcracker.PROPERTY);
    System.setProperty(Nutcracker.PROPERTY, "/nonexistent/nutcracker");
    try {
      assertThat(StrategyKind.TWEMPROXY.unavailable()).hasValueSatisfying(
          why -> assertThat(why).contains("/nonexistent/nutcracker", "not an executable file"));
      assertThat(StrategyKind.PROXY.unavailable()).isEmpty();
    } finally {
      if (before == null) {
        System.clearProperty(Nutcracker.PROPERTY);
      } else {
        System.setProperty(Nutcracker.PROPERTY, before);
      }
    }
  }

  @Test
  void theConfigurationIsATypicalCacheDeploymentAndTheStatsAreRead() {
    String yaml = Nutcracker.config(22121, List.of(new java.net.InetSocketAddress("127.0.0.1", 11211),
        new java.net.InetSocketAddress("127.0.0.1", 11212)));
    assertThat(yaml).contains("listen: 127.0.0.1:22121", "distribution: ketama", "hash: md5",
        "auto_eject_hosts: true", "server_failure_limit: 1", "server_retry_timeout: 2000",
        "   - 127.0.0.1:11211:1 node0", "   - 127.0.0.1:11212:1 node1");
    String stats = "{\"demo\": {\"server_ejects\":1, \"node0\": {\"server_eof\":0, \"server_ejected_at\":0, "
        + "\"requests\":3},\"node1\": {\"server_eof\":1, \"server_ejected_at\":1796478242123456, \"requests\":5}}}";
    assertThat(Nutcracker.ejectedAtMicros(stats, 0)).isZero();
    assertThat(Nutcracker.ejectedAtMicros(stats, 1)).isEqualTo(1796478242123456L);
  }
}
