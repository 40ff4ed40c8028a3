package io.mcjcache.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ClusterViewTest {

  @Test
  void initialViewHasEveryNodeAliveAndNoHistory() {
    ClusterView view = ClusterView.allAlive(5);
    assertThat(view.nodeCount()).isEqualTo(5);
    assertThat(view.aliveCount()).isEqualTo(5);
    assertThat(view.allDown()).isFalse();
    for (int node = 0; node < 5; node++) {
      assertThat(view.isAlive(node)).isTrue();
      assertThat(view.isRecovering(node)).isFalse();
      assertThat(view.episodes(node)).isEmpty();
    }
  }

  @Test
  void transitionsReturnNewViewsAndLeaveTheOldOneUntouched() {
    ClusterView before = ClusterView.allAlive(4);
    ClusterView after = before.nodeDown(2, 100);
    assertThat(before.isAlive(2)).isTrue();
    assertThat(before.episodes(2)).isEmpty();
    assertThat(after.isAlive(2)).isFalse();
    assertThat(after.aliveCount()).isEqualTo(3);
    assertThat(after.episodes(2)).singleElement().satisfies(e -> {
      assertThat(e.isOpen()).isTrue();
      assertThat(e.startMillis()).isEqualTo(100);
      assertThat(e.endMillis()).isEmpty();
      assertThat(e.deadSets()).containsExactly(NodeSet.of(2));
    });
  }

  @Test
  void nodeUpEndsTheEpisodeAndTheNodeIsRecoveringUntilClosed() {
    ClusterView view = ClusterView.allAlive(4).nodeDown(1, 10).nodeUp(1, 20);
    assertThat(view.isAlive(1)).isTrue();
    assertThat(view.isRecovering(1)).isTrue();
    DownEpisode episode = view.episodes(1).get(0);
    assertThat(episode.isOpen()).isFalse();
    assertThat(episode.endMillis()).hasValue(20);

    ClusterView closed = view.episodeClosed(1, episode.id());
    assertThat(closed.isRecovering(1)).isFalse();
    assertThat(closed.episodes(1)).isEmpty();
  }

  @Test
  void everyChangeOfTheDeadSetIsRecordedInEachOpenEpisode() {
    ClusterView view = ClusterView.allAlive(6)
        .nodeDown(0, 1) // {0}
        .nodeDown(3, 2) // {0,3}
        .nodeDown(4, 3) // {0,3,4}
        .nodeUp(3, 4) // {0,4}
        .nodeUp(4, 5); // {0}: seen before, becomes the newest
    assertThat(view.episodes(0).get(0).deadSets())
        .containsExactly(NodeSet.of(0, 3), NodeSet.of(0, 3, 4), NodeSet.of(0, 4), NodeSet.of(0));
    // Node 3's episode stopped recording when it came back.
    assertThat(view.episodes(3).get(0).deadSets()).containsExactly(NodeSet.of(0, 3), NodeSet.of(0, 3, 4));
    assertThat(view.episodes(4).get(0).deadSets()).containsExactly(NodeSet.of(0, 3, 4), NodeSet.of(0, 4));
  }

  @Test
  void anEpisodeThatSeesTooManyDeadSetsBecomesWide() {
    ClusterView view = ClusterView.allAlive(20).nodeDown(0, 0);
    for (int other = 1; other <= DownEpisode.MAX_DEAD_SETS; other++) {
      view = view.nodeDown(other, other).nodeUp(other, other);
    }
    DownEpisode episode = view.episodes(0).get(0);
    assertThat(episode.isWide()).isTrue();
    assertThat(episode.deadSets()).isEmpty();
  }

  @Test
  void aFlappingNodeKeepsABoundedNumberOfEpisodesWithoutLosingDeadSets() {
    ClusterView view = ClusterView.allAlive(8);
    for (int round = 0; round < ClusterView.MAX_EPISODES_PER_NODE + 2; round++) {
      view = view.nodeDown(5, round * 10L).nodeUp(5, round * 10L + 5);
    }
    assertThat(view.episodes(5)).hasSize(ClusterView.MAX_EPISODES_PER_NODE);
    DownEpisode oldest = view.episodes(5).get(0);
    assertThat(oldest.startMillis()).isZero();
    assertThat(oldest.deadSets()).containsExactly(NodeSet.of(5));
  }

  @Test
  void repeatedTransitionsAreNoOps() {
    ClusterView down = ClusterView.allAlive(3).nodeDown(1, 5);
    assertThat(down.nodeDown(1, 6)).isSameAs(down);
    ClusterView up = down.nodeUp(1, 7);
    assertThat(up.nodeUp(1, 8)).isSameAs(up);
    assertThat(up.episodeClosed(1, 999)).isSameAs(up);
  }

  @Test
  void theOpenEpisodeCannotBeClosed() {
    ClusterView down = ClusterView.allAlive(3).nodeDown(2, 5);
    long id = down.episodes(2).get(0).id();
    assertThatThrownBy(() -> down.episodeClosed(2, id))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("still down");
  }

  @Test
  void episodesEndedBeforeTheCutoffAreClosedOthersKept() {
    ClusterView view = ClusterView.allAlive(4)
        .nodeDown(0, 0).nodeUp(0, 100)
        .nodeDown(1, 0).nodeUp(1, 300)
        .nodeDown(2, 0);
    ClusterView after = view.closeEpisodesEndedBefore(200);
    assertThat(after.episodes(0)).isEmpty();
    assertThat(after.episodes(1)).hasSize(1);
    assertThat(after.episodes(2)).hasSize(1);
    assertThat(after.isAlive(2)).isFalse();
  }

  @Test
  void allDownWhenEveryNodeIsDead() {
    ClusterView view = ClusterView.allAlive(2).nodeDown(0, 1).nodeDown(1, 2);
    assertThat(view.allDown()).isTrue();
    assertThat(view.aliveCount()).isZero();
  }

  @Test
  void badNodeIndicesAreNamed() {
    ClusterView view = ClusterView.allAlive(3);
    assertThatThrownBy(() -> view.nodeDown(3, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("node index 3")
        .hasMessageContaining("3 nodes");
    assertThatThrownBy(() -> view.isAlive(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ClusterView.allAlive(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
