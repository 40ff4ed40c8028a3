package io.mcjcache.health;

import static io.mcjcache.health.NodeHealth.Transition.MARK_DEAD;
import static io.mcjcache.health.NodeHealth.Transition.NONE;
import static io.mcjcache.health.NodeHealth.Transition.REJOIN_FRESH;
import static io.mcjcache.health.NodeHealth.Transition.REJOIN_NEEDS_FLUSH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NodeHealthTest {
  private static final ServerIdentity FIRST = new ServerIdentity(100, 50);

  @Test
  void readFailuresKillOnlyAfterTheConfiguredConsecutiveCount() {
    NodeHealth health = new NodeHealth(3, 2);
    assertThat(health.failure()).isEqualTo(NONE);
    assertThat(health.failure()).isEqualTo(NONE);
    health.trafficSuccess(); // breaks the streak
    assertThat(health.failure()).isEqualTo(NONE);
    assertThat(health.failure()).isEqualTo(NONE);
    assertThat(health.failure()).isEqualTo(MARK_DEAD);
    assertThat(health.isDead()).isTrue();
    assertThat(health.failure()).as("already dead").isEqualTo(NONE);
  }

  @Test
  void aWriteFailureKillsAtOnceBecauseTheNodeMayHoldASupersededValue() {
    NodeHealth health = new NodeHealth(3, 2);
    assertThat(health.writeFailure()).isEqualTo(MARK_DEAD);
    assertThat(health.isDead()).isTrue();
  }

  @Test
  void restartedNodeRejoinsFreshAfterConsecutiveGoodProbes() {
    NodeHealth health = new NodeHealth(1, 2);
    health.probeSuccess(FIRST);
    health.failure();
    ServerIdentity restarted = new ServerIdentity(200, 1);
    assertThat(health.probeSuccess(restarted)).isEqualTo(NONE);
    assertThat(health.probeSuccess(restarted)).isEqualTo(REJOIN_FRESH);
    health.rejoined(restarted);
    assertThat(health.isDead()).isFalse();
  }

  @Test
  void nodeThatComesBackWithoutRestartingMustBeFlushed() {
    NodeHealth health = new NodeHealth(1, 1);
    health.probeSuccess(FIRST);
    health.failure();
    assertThat(health.probeSuccess(new ServerIdentity(100, 80))).isEqualTo(REJOIN_NEEDS_FLUSH);
  }

  @Test
  void samePidWithSmallerUptimeIsARestart() {
    NodeHealth health = new NodeHealth(1, 1);
    health.probeSuccess(FIRST);
    health.failure();
    assertThat(health.probeSuccess(new ServerIdentity(100, 3))).isEqualTo(REJOIN_FRESH);
  }

  @Test
  void aNodeNeverSeenAnsweringIsFlushedBeforeItServes() {
    NodeHealth health = new NodeHealth(1, 1);
    health.failure();
    assertThat(health.probeSuccess(FIRST)).isEqualTo(REJOIN_NEEDS_FLUSH);
  }

  @Test
  void aFailedProbeRestartsTheCountOfGoodProbes() {
    NodeHealth health = new NodeHealth(1, 2);
    health.probeSuccess(FIRST);
    health.failure();
    ServerIdentity back = new ServerIdentity(300, 1);
    health.probeSuccess(back);
    health.failure();
    assertThat(health.probeSuccess(back)).isEqualTo(NONE);
    health.rejoinFailed();
    assertThat(health.probeSuccess(back)).isEqualTo(NONE);
    assertThat(health.probeSuccess(back)).isEqualTo(REJOIN_FRESH);
  }

  @Test
  void rejectsNonPositiveThresholds() {
    assertThatThrownBy(() -> new NodeHealth(0, 1)).isInstanceOf(IllegalArgumentException.class);
  }

  /** Another process published the node dead: this one's probes then count towards its rejoin. */
  @Test
  void aDeathAdoptedFromAnotherProcessIsLeftThroughTheRejoinPathLikeOurOwn() {
    NodeHealth health = new NodeHealth(3, 2);
    health.probeSuccess(FIRST);
    health.adoptDead();
    assertThat(health.isDead()).isTrue();
    assertThat(health.probeSuccess(new ServerIdentity(100, 60))).isEqualTo(NONE);
    assertThat(health.probeSuccess(new ServerIdentity(100, 61))).as("same pid: it hung, so it needs a flush")
        .isEqualTo(REJOIN_NEEDS_FLUSH);
  }

  /** Another process brought the node back; the identity seen here before still tells a restart later. */
  @Test
  void aReturnAdoptedFromAnotherProcessKeepsTheIdentitySeenHere() {
    NodeHealth health = new NodeHealth(1, 1);
    health.probeSuccess(FIRST);
    health.adoptDead();
    health.adoptAlive();
    assertThat(health.isDead()).isFalse();
    assertThat(health.writeFailure()).isEqualTo(MARK_DEAD);
    assertThat(health.probeSuccess(new ServerIdentity(300, 1))).as("another pid: restarted, fresh")
        .isEqualTo(REJOIN_FRESH);
  }
}
