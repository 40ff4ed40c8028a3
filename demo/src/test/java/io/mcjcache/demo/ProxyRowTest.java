package io.mcjcache.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Row (f): a plain memcached text-protocol client pointed at mcjcache's proxy gets what the JCache API gets
 * (row (e)) through the whole schedule, on real memcached: every acknowledged write readable with the node
 * down and after its return, nothing stale, no deleted key back. The client reads every answer, so the
 * counts are exact.
 */
class ProxyRowTest {

  @Test
  @Timeout(60)
  void aPlainClientThroughTheProxyReadsNothingStaleResurrectsNothingAndLosesNoAcknowledgedWrite(@TempDir Path dir) {
    DemoReport report = FailoverDemo.run(new DemoOptions(4, 2000, 1, dir.resolve("chart.html"), false), null,
        EnumSet.of(StrategyKind.PROXY));

    StrategyResult proxy = report.strategy(StrategyKind.PROXY);
    assertThat(proxy.failedWrites()).as("writes the proxy answered with an error").isZero();
    assertThat(proxy.failedDeletes()).as("deletes the proxy answered with an error").isZero();
    assertThat(proxy.totalStale()).isZero();
    assertThat(proxy.totalResurrected()).isZero();
    assertThat(proxy.totalLost()).isZero();
    for (PhaseResult phase : proxy.phases()) {
      assertThat(phase.hitRatio()).as(phase.phase().label()).isEqualTo(1.0);
    }
    assertThat(proxy.phase(Phase.NODE_BACK).reads()).isEqualTo(2200);
    assertThat(proxy.phase(Phase.NODE_BACK).deletedReads()).as("every deleted key read after the return")
        .isEqualTo(200);
  }
}
