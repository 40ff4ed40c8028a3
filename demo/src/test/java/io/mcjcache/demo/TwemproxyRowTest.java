package io.mcjcache.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Row (g): twemproxy runs the schedule, with either fault, and is counted. Its numbers are the comparison,
 * not a goal (with a pause it reads stale values and brings deleted keys back), so only that it ran,
 * answered and was measured is checked; without nutcracker the test is skipped (failed in CI),
 * and the demo prints a line instead of the row.
 */
class TwemproxyRowTest {
  private static final String REQUIRE = "MCJCACHE_REQUIRE_CLIENT_TOOLS";

  @ParameterizedTest
  @EnumSource(Fault.class)
  @Timeout(60)
  void twemproxyRunsTheScheduleAndEveryReadIsCounted(Fault fault, @TempDir Path dir) {
    requireNutcracker();
    DemoReport report = FailoverDemo.run(new DemoOptions(4, 2000, 1, dir.resolve("chart.html"), fault, false), null,
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
      assertThat(StrategyKind.TWEMPROXY.unavailable(Fault.KILL)).hasValueSatisfying(
          why -> assertThat(why).contains("/nonexistent/nutcracker", "not an executable file"));
      assertThat(StrategyKind.PROXY.unavailable(Fault.PAUSE)).isEmpty();
    } finally {
      if (before == null) {
        System.clearProperty(Nutcracker.PROPERTY);
      } else {
        System.setProperty(Nutcracker.PROPERTY, before);
      }
    }
  }

  @Test
  void theConfigurationIsATypicalCacheDeployment() {
    String yaml = Nutcracker.config(22121, List.of(new InetSocketAddress("127.0.0.1", 11211),
        new InetSocketAddress("127.0.0.1", 11212)));
    assertThat(yaml).contains("listen: 127.0.0.1:22121", "distribution: ketama", "hash: md5",
        "auto_eject_hosts: true", "server_failure_limit: 1", "server_retry_timeout: 2000",
        "   - 127.0.0.1:11211:1 node0", "   - 127.0.0.1:11212:1 node1");
  }

  /**
   * A node serves again only once it is out of its retry timeout and has answered since its last ejection:
   * a dump that shows it in the ring is up to one stats interval old, and may predate an ejection.
   */
  @Test
  void aNodeServesAgainOnlyOnceItAnsweredAfterItsLastEjection() {
    long t = 1_796_478_242_000_000L;
    long second = 1_000_000;
    EjectionWatch watch = new EjectionWatch(2, Duration.ofSeconds(2));
    assertThat(watch.serves(stats(0, 0, 0, 0), 0, t)).as("never ejected, nothing asked yet").isTrue();
    assertThat(watch.serves(stats(0, 5, t, 9), 1, t)).as("just ejected").isFalse();
    assertThat(watch.serves(stats(0, 5, t, 9), 1, t + 3 * second))
        .as("out of its retry timeout, but it has not answered since: hung, or dead").isFalse();
    assertThat(watch.serves(stats(0, 5, t + 3 * second, 9), 1, t + 4 * second)).as("ejected again").isFalse();
    assertThat(watch.serves(stats(0, 5, t + 3 * second, 10), 1, t + 4 * second))
        .as("answered, but still within the retry timeout of its last ejection").isFalse();
    assertThat(watch.serves(stats(0, 5, t + 3 * second, 10), 1, t + 6 * second)).isTrue();
    assertThat(EjectionWatch.field(stats(0, 5, t, 9), 1, "server_ejected_at")).isEqualTo(t);
    assertThat(EjectionWatch.field(stats(0, 5, t, 9), 0, "responses")).isEqualTo(5);
  }

  /** A dump as twemproxy writes it on its stats port, for two servers. */
  private static String stats(long ejected0, long responses0, long ejected1, long responses1) {
    return "{\"service\":\"nutcracker\", \"uptime\":3, \"demo\": {\"server_ejects\":1, \"node0\": {\"server_eof\":0, "
        + "\"server_ejected_at\":" + ejected0 + ", \"requests\":3, \"responses\":" + responses0 + "},\"node1\": "
        + "{\"server_eof\":1, \"server_ejected_at\":" + ejected1 + ", \"requests\":5, \"responses\":" + responses1
        + "}}}";
  }
}
