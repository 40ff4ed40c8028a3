package io.mcjcache.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.EnumSet;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Row (f): a plain memcached text-protocol client pointed at mcjcache's proxy gets what the JCache API gets
 * (row (e)) through the whole schedule, on real memcached, with either fault: every acknowledged write
 * readable with the node down and after its return, nothing stale, no deleted key back. The pause is the
 * fault that hurts a proxy that takes a node back as it is (twemproxy, {@link TwemproxyRowTest}): the node
 * returns holding the values from before the overwrites and the keys deleted while it hung. The client reads
 * every answer, so the counts are exact.
 */
class ProxyRowTest {

  @ParameterizedTest
  @EnumSource(Fault.class)
  @Timeout(60)
  void aPlainClientThroughTheProxyReadsNothingStaleResurrectsNothingAndLosesNoAcknowledgedWrite(Fault fault,
      @TempDir Path dir) {
    DemoReport report = FailoverDemo.run(new DemoOptions(4, 2000, 1, dir.resolve("chart.html"), fault, false), null,
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
