package io.mcjcache.routing;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Recovery and guarantee 3 (docs/design.md, "Recovery fallback"): the copies a rehash target received while
 * the home P was down are deleted by every later write until the episode is closed, for every dead
 * set recorded in any unclosed episode, including a second episode of the same node. The expected
 * R nodes are computed from plain views holding exactly each dead set, not from the episodes.
 */
class RecoveryPlanTest {
  private static final int N = 12;
  private final Router router = new Router(new RoutingSettings(N, MirrorMode.PAIRS, HashAlgorithm.MODULO));

  private final byte[] key = "order:42".getBytes(UTF_8);

  private int firstTargetWithDead(int... dead) {
    return router.planWrite(key, RandomViews.withDead(N, NodeSet.of(dead))).targets().get(0);
  }

  @Test
  void aReturnedNodeDeletesOnEveryRehashTargetItsDeadSetsProduced() {
    int p = router.home(key);
    int m = PlacementProbes.partner(router, p);
    int r1 = firstTargetWithDead(p);
    int r2 = firstTargetWithDead(p, r1);
    assertThat(r2).isNotIn(p, m, r1);

    ClusterView view = ClusterView.allAlive(N)
        .nodeDown(p, 10) // writes go to r1 and m
        .nodeDown(r1, 20) // writes go to r2 and m
        .nodeUp(r1, 30) // back to r1 (r1 restarted or was flushed)
        .nodeUp(p, 40); // p recovering
    assertThat(view.isRecovering(p)).isTrue();

    WritePlan plan = router.planWrite(key, view);
    assertThat(plan.targets()).isEqualTo(NodeList.of(p, m));
    assertThat(plan.fallbackDeletes().toArray()).containsExactlyInAnyOrder(r1, r2);

    ReadPlan read = router.planRead(key, view);
    assertThat(read.nodes().get(0)).isEqualTo(p);
    assertThat(read.nodes().get(1)).isEqualTo(m);
    assertThat(read.nodes().toArray()).containsExactlyInAnyOrder(p, m, r1, r2);
    assertThat(read.fallbackFrom()).as("a miss on the recovering home falls back").isEqualTo(1);
    assertThat(read.repairTarget()).isEqualTo(p);
    // The newest dead set's target comes before the older one's.
    assertThat(indexOf(read.nodes(), r1)).isLessThan(indexOf(read.nodes(), r2));

    AtomicPlan atomic = router.planAtomic(key, view);
    assertThat(atomic.authority()).isEqualTo(p);
    assertThat(atomic.followers()).isEqualTo(NodeList.of(m));
    assertThat(atomic.repairSources().get(0)).isEqualTo(m);
    assertThat(atomic.repairSources().toArray()).containsExactlyInAnyOrder(m, r1, r2);
    assertThat(atomic.fallbackDeletes()).isEqualTo(plan.fallbackDeletes());
  }

  @Test
  void aNodeFailingTwiceCoversTheTargetsOfBothEpisodes() {
    int p = router.home(key);
    int m = PlacementProbes.partner(router, p);
    int r1 = firstTargetWithDead(p);
    int r2 = firstTargetWithDead(p, r1);

    ClusterView view = ClusterView.allAlive(N)
        .nodeDown(r1, 5) // r1 is down before p's first episode starts...
        .nodeDown(p, 10) // ...so the first episode diverts to r2
        .nodeUp(p, 20)
        .nodeUp(r1, 25)
        .nodeDown(p, 30) // the second episode diverts to r1
        .nodeUp(p, 40);
    assertThat(view.episodes(p)).hasSize(2);

    Set<Integer> expected = new LinkedHashSet<>();
    for (DownEpisode episode : view.episodes(p)) {
      for (NodeSet dead : episode.deadSets()) {
        NodeList then = router.planWrite(key, RandomViews.withDead(N, dead)).targets();
        for (int i = 0; i < then.size(); i++) {
          expected.add(then.get(i));
        }
      }
    }
    expected.remove(p);
    expected.remove(m);
    assertThat(expected).containsExactlyInAnyOrder(r1, r2);
    assertThat(router.planWrite(key, view).fallbackDeletes().toArray())
        .containsExactlyInAnyOrder(expected.stream().mapToInt(Integer::intValue).toArray());

    // Closing only the first episode keeps the second one's target.
    ClusterView firstClosed = view.episodeClosed(p, view.episodes(p).get(0).id());
    assertThat(router.planWrite(key, firstClosed).fallbackDeletes()).isEqualTo(NodeList.of(r1));
    ClusterView bothClosed = firstClosed.episodeClosed(p, firstClosed.episodes(p).get(0).id());
    assertThat(router.planWrite(key, bothClosed).fallbackDeletes().isEmpty()).isTrue();
    assertThat(router.planRead(key, bothClosed)).isEqualTo(new ReadPlan(NodeList.of(p, m), 2, -1));
  }

  @Test
  void whileTheHomeIsDeadThePartnerIsReadFirstAndDecides() {
    int p = router.home(key);
    int m = PlacementProbes.partner(router, p);
    int r1 = firstTargetWithDead(p);
    ClusterView view = ClusterView.allAlive(N).nodeDown(p, 10);

    assertThat(router.planWrite(key, view).targets()).isEqualTo(NodeList.of(r1, m));
    ReadPlan read = router.planRead(key, view);
    assertThat(read.nodes()).isEqualTo(NodeList.of(m, r1));
    assertThat(read.continueAfterMiss(0)).as("the partner's miss is final").isFalse();
    AtomicPlan atomic = router.planAtomic(key, view);
    assertThat(atomic.authority()).as("the node reads try first decides").isEqualTo(m);
    assertThat(atomic.followers()).isEqualTo(NodeList.of(r1));
    assertThat(atomic.repairSources().isEmpty()).as("its miss is final for reads, and so for updates").isTrue();
  }

  @Test
  void whenTheHomeAndItsPartnerAreDeadTheFirstRehashTargetDecidesOnItsOwn() {
    int p = router.home(key);
    int m = PlacementProbes.partner(router, p);
    ClusterView view = ClusterView.allAlive(N).nodeDown(p, 1).nodeDown(m, 2);
    ReadPlan read = router.planRead(key, view);
    AtomicPlan atomic = router.planAtomic(key, view);
    assertThat(atomic.authority()).isEqualTo(read.nodes().get(0));
    assertThat(atomic.followers()).isEqualTo(NodeList.of(read.nodes().get(1)));
    assertThat(read.continueAfterMiss(0)).isFalse();
    assertThat(atomic.repairSources().isEmpty())
        .as("a read would not look past the first target's miss; neither does an update").isTrue();
  }

  @Test
  void whenTheHomeAndItsPartnerAreDeadTwoRehashTargetsHoldTheKey() {
    int p = router.home(key);
    int m = PlacementProbes.partner(router, p);
    ClusterView view = ClusterView.allAlive(N).nodeDown(p, 1).nodeDown(m, 2);
    NodeList targets = router.planWrite(key, view).targets();
    assertThat(targets.size()).isEqualTo(2);
    assertThat(targets.toArray()).doesNotContain(p, m);
    assertThat(router.planRead(key, view).nodes()).isEqualTo(targets);
  }

  @Test
  void aHealthyKeyReadsItsHomeAndFailsOverToThePartnerOnlyOnFailure() {
    int p = router.home(key);
    ReadPlan read = router.planRead(key, ClusterView.allAlive(N));
    assertThat(read).isEqualTo(new ReadPlan(NodeList.of(p, PlacementProbes.partner(router, p)), 2, -1));
    assertThat(read.continueAfterMiss(0)).isFalse();
    assertThat(read.toString()).isEqualTo("ReadPlan[" + p + ", " + PlacementProbes.partner(router, p) + "]");
  }

  @Test
  void aWideEpisodeDeletesOnEveryLiveNode() {
    int p = router.home(key);
    int m = PlacementProbes.partner(router, p);
    ClusterView view = ClusterView.allAlive(N).nodeDown(p, 0);
    int flapping = 0;
    for (int i = 0; i <= DownEpisode.MAX_DEAD_SETS; i++) {
      do {
        flapping = (flapping + 1) % N;
      } while (flapping == p || flapping == m);
      view = view.nodeDown(flapping, i).nodeUp(flapping, i);
    }
    view = view.nodeUp(p, 100);
    assertThat(view.episodes(p).get(0).isWide()).isTrue();
    assertThat(router.planWrite(key, view).fallbackDeletes().size()).isEqualTo(N - 2);
    assertThat(router.planRead(key, view).nodes()).as("reads do not scan every node")
        .isEqualTo(NodeList.of(p, m));
  }

  private static int indexOf(NodeList list, int node) {
    for (int i = 0; i < list.size(); i++) {
      if (list.get(i) == node) {
        return i;
      }
    }
    return -1;
  }
}
