package io.mcjcache.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcjcache.cluster.FaultScheduleRun.Report;
import io.mcjcache.cluster.FaultScheduleRun.Schedule;
import io.mcjcache.config.NearCacheSettings;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * README guarantee 3 under a random schedule of real faults ({@link FaultScheduleRun}): one client
 * runs a random mix of get/put/remove/replace/putIfAbsent against a reference while another thread kills,
 * pauses, resumes and restarts random nodes. Every read must return a value the reference allows, or a
 * miss: never an older value, never a removed one. Seeded and reproducible in its choices (not in its
 * timing): set {@code -Dmcjcache.schedule.seed=<seed>} to replay a failing seed, which the failure message
 * prints with the bad read's explanation.
 *
 * <p>The schedule runs twice: on the routed store itself, and through a near cache with a short ttl in
 * front of it, so that held items, local writes and background refreshes (refresh ahead) race the same
 * faults. The near cache is exact for the client's own writes, so the reference is the same.
 */
class RandomFaultScheduleTest {
  private static final Duration RUN = Duration.ofSeconds(Long.getLong("mcjcache.schedule.seconds", 25));
  /** Short enough that items are refreshed (at 3/4 of it) and expire many times during the run. */
  private static final NearCacheSettings NEAR = new NearCacheSettings(1_000, 300);

  @Test
  void noReadEverReturnsASupersededOrRemovedValue() throws Exception {
    Report report = run(RUN, null);
    assertThat(report.reads()).as("the schedule did some reads").isPositive();
  }

  @Test
  void noReadThroughANearCacheWithRefreshAheadEverReturnsASupersededOrRemovedValue() throws Exception {
    Report report = run(RUN.dividedBy(2), NEAR);
    assertThat(report.near().hits()).as("reads answered by the near cache").isPositive();
    assertThat(report.near().refreshes()).as("items replaced by a background refresh").isPositive();
  }

  /**
   * The same schedule over TLS with authentication: every connection the faults break is remade with a
   * handshake and the authenticating command, and nothing stale gets through those reconnects either.
   */
  @Test
  void overTlsWithAuthenticationNoReadEverReturnsASupersededOrRemovedValue() throws Exception {
    long seed = Long.getLong("mcjcache.schedule.seed", new Random().nextLong());
    Report report = check(new FaultScheduleRun(Schedule.quick(RUN.dividedBy(2), null, seed).onSecuredServers()).run());
    assertThat(report.reads()).as("the schedule did some reads").isPositive();
    assertThat(report.hits()).as("reads that found a value, over TLS after authenticating").isPositive();
  }

  private static Report run(Duration length, NearCacheSettings near) throws InterruptedException {
    long seed = Long.getLong("mcjcache.schedule.seed", new Random().nextLong());
    return check(new FaultScheduleRun(Schedule.quick(length, near, seed)).run());
  }

  private static Report check(Report report) {
    System.out.println("RandomFaultScheduleTest " + report.summary());
    assertThat(report.faults()).as("the schedule injected faults").isPositive();
    assertThat(report.clean()).as("no stale read, no resurrection:%n%s", report.details()).isTrue();
    return report;
  }
}
