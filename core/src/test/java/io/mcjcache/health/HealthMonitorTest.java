package io.mcjcache.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcjcache.routing.ClusterView;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The health monitor through its seams, without servers: simulated nodes behind {@link NodeAccess} (each
 * a process with a pid and an uptime that can hang, restart or come back), a clock the test moves, and
 * probe rounds the test runs one at a time. The rules of docs/design.md, "Failure counting and probing"
 * and "Rejoin flush": a failed write kills a node at once, reads and probes after {@code failuresToDead};
 * a node that comes back without having restarted has our keys deleted before it serves again, one that
 * restarted comes back as it is; a flush that never ends keeps the node dead; ended episodes close after
 * the recovery window.
 */
class HealthMonitorTest {
  private static final String PREFIX = "ns:";

  private final SimulatedNodes servers = new SimulatedNodes(3);
  private final MovableClock clock = new MovableClock();
  private final List<String> events = new ArrayList<>();
  private HealthMonitor monitor;

  @AfterEach
  void close() {
    if (monitor != null) {
      monitor.close();
    }
  }

  @Test
  void aFailedWriteKillsANodeAtOnceAndReadFailuresOnlyAfterFailuresToDead() {
    monitor = monitor(true);
    monitor.observeWriteFailure(0);
    assertThat(monitor.view().isAlive(0)).as("after one failed write").isFalse();

    monitor.observeFailure(1);
    monitor.observeFailure(1);
    assertThat(monitor.view().isAlive(1)).as("after two failed reads").isTrue();
    monitor.observeFailure(1);
    assertThat(monitor.view().isAlive(1)).as("after three failed reads (failuresToDead=3)").isFalse();
    assertThat(events).containsSubsequence("down 0", "down 1");
  }

  @Test
  void aSuccessBetweenFailuresStartsTheCountAgain() {
    monitor = monitor(true);
    monitor.observeFailure(2);
    monitor.observeFailure(2);
    monitor.observeSuccess(2);
    monitor.observeFailure(2);
    monitor.observeFailure(2);
    assertThat(monitor.view().isAlive(2)).isTrue();
  }

  @Test
  void probesThatFailKillANodeAfterFailuresToDeadRounds() {
    monitor = monitor(true);
    monitor.probeRound();
    servers.hang(1);
    monitor.probeRound();
    monitor.probeRound();
    assertThat(monitor.view().isAlive(1)).isTrue();
    monitor.probeRound();
    assertThat(monitor.view().isAlive(1)).isFalse();
  }

  @Test
  void aNodeBackWithoutARestartHasOurKeysDeletedBeforeItServesAgain() {
    monitor = monitor(true);
    monitor.probeRound(); // learns every node's identity
    servers.keys(1).addAll(List.of(PREFIX + "a", PREFIX + "b", "other-application:c"));
    monitor.observeWriteFailure(1);
    servers.hang(1);
    monitor.probeRound();
    servers.resume(1); // the same process, a little older
    monitor.probeRound();
    assertThat(monitor.view().isAlive(1)).as("after one good probe (successesToAlive=2)").isFalse();
    monitor.probeRound();

    assertThat(monitor.view().isAlive(1)).isTrue();
    assertThat(monitor.view().isRecovering(1)).as("back, its episode ended but not closed").isTrue();
    assertThat(servers.keys(1)).as("what is left on the node").containsExactly("other-application:c");
    assertThat(events).containsSubsequence("down 1", "flushed 1: 2", "up 1");
  }

  @Test
  void aRestartedNodeComesBackWithoutAFlush() {
    monitor = monitor(true);
    monitor.probeRound();
    servers.keys(2).add(PREFIX + "a"); // cannot be on a restarted node; kept to show no flush ran
    monitor.observeWriteFailure(2);
    servers.restart(2);
    monitor.probeRound();
    monitor.probeRound();

    assertThat(monitor.view().isAlive(2)).isTrue();
    assertThat(servers.keys(2)).containsExactly(PREFIX + "a");
    assertThat(events).doesNotContain("flushed 2: 1").contains("up 2");
  }

  @Test
  void withRejoinTrustANodeBackWithoutARestartIsNotFlushed() {
    monitor = monitor(false);
    monitor.probeRound();
    servers.keys(0).add(PREFIX + "a");
    monitor.observeWriteFailure(0);
    monitor.probeRound();
    monitor.probeRound();

    assertThat(monitor.view().isAlive(0)).isTrue();
    assertThat(servers.keys(0)).containsExactly(PREFIX + "a");
  }

  @Test
  void aFlushThatNeverEndsKeepsTheNodeDead() {
    monitor = monitor(true);
    monitor.probeRound();
    monitor.observeWriteFailure(0);
    servers.refill(0); // every listing finds a key again, as under a writer that ignores the death
    monitor.probeRound();
    monitor.probeRound();

    assertThat(monitor.view().isAlive(0)).isFalse();
    assertThat(monitor.nodeStates().get(0)).startsWith("0 DEAD");
  }

  @Test
  void endedEpisodesCloseOnceTheRecoveryWindowHasPassed() {
    monitor = monitor(true);
    monitor.probeRound();
    monitor.observeWriteFailure(2);
    servers.restart(2);
    monitor.probeRound();
    monitor.probeRound();
    assertThat(monitor.view().isRecovering(2)).isTrue();

    clock.advance(Duration.ofSeconds(59));
    monitor.probeRound();
    assertThat(monitor.view().isRecovering(2)).as("inside the 60 s window").isTrue();
    clock.advance(Duration.ofSeconds(2));
    monitor.probeRound();
    assertThat(monitor.view().isRecovering(2)).as("after the window").isFalse();
    assertThat(monitor.view().episodes(2)).isEmpty();
  }

  private HealthMonitor monitor(boolean flush) {
    HealthSettings settings = new HealthSettings(3, Duration.ofHours(1), 3, 2, Duration.ofSeconds(60), flush,
        PREFIX);
    HealthListener listener = new HealthListener() {
      @Override
      public void nodeDown(int node) {
        events.add("down " + node);
      }

      @Override
      public void nodeUp(int node) {
        events.add("up " + node);
      }

      @Override
      public void flushed(int node, long keys) {
        if (keys > 0) {
          events.add("flushed " + node + ": " + keys);
        }
      }
    };
    // Never started: the test runs the probe rounds itself.
    return new HealthMonitor(settings, servers, listener, clock, new OwnView(ClusterView.allAlive(3)));
  }

  /** Memcached processes as health sees them: an identity, keys, and whether they answer. */
  private static final class SimulatedNodes implements NodeAccess {
    private final long[] pid;
    private final long[] uptime;
    private final boolean[] hung;
    private final boolean[] refill;
    private final List<Set<String>> keys = new ArrayList<>();

    SimulatedNodes(int count) {
      pid = new long[count];
      uptime = new long[count];
      hung = new boolean[count];
      refill = new boolean[count];
      for (int i = 0; i < count; i++) {
        pid[i] = 1000 + i;
        uptime[i] = 100;
        keys.add(new TreeSet<>());
      }
    }

    Set<String> keys(int node) {
      return keys.get(node);
    }

    void hang(int node) {
      hung[node] = true;
    }

    void resume(int node) {
      hung[node] = false;
      uptime[node] += 5;
    }

    void restart(int node) {
      hung[node] = false;
      pid[node] += 100;
      uptime[node] = 1;
    }

    void refill(int node) {
      refill[node] = true;
    }

    @Override
    public Map<String, String> stats(int node) {
      if (hung[node]) {
        throw new IllegalStateException("node " + node + " timed out");
      }
      uptime[node]++;
      return Map.of("pid", Long.toString(pid[node]), "uptime", Long.toString(uptime[node]));
    }

    @Override
    public void listKeys(int node, String prefix, Consumer<String> sink) {
      if (refill[node]) {
        keys.get(node).add(prefix + "again");
      }
      keys.get(node).stream().filter(k -> k.startsWith(prefix)).forEach(sink);
    }

    @Override
    public boolean delete(int node, String key) {
      return keys.get(node).remove(key);
    }

    @Override
    public CompletableFuture<Stored> gets(int node, String key) {
      throw new UnsupportedOperationException("no cluster record here");
    }

    @Override
    public CompletableFuture<Boolean> add(int node, String key, int ttlSeconds, byte[] value) {
      throw new UnsupportedOperationException("no cluster record here");
    }

    @Override
    public CompletableFuture<Boolean> cas(int node, String key, long cas, int ttlSeconds, byte[] value) {
      throw new UnsupportedOperationException("no cluster record here");
    }
  }

  /** A clock the test moves. */
  private static final class MovableClock extends Clock {
    private Instant now = Instant.parse("2026-12-05T12:00:00Z");

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
