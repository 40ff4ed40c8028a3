package io.mcjcache.routing;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Properties of the plans over many seeded random views and keys (docs/design.md, "Routing";
 * guarantee 1). Each view is reached through real transitions, so it carries episode history too.
 */
class RouterPropertiesTest {

  private static byte[] key(Random random) {
    return ("k" + random.nextInt(1_000_000)).getBytes(UTF_8);
  }

  private static Router router(int n, MirrorMode mirror, HashAlgorithm hash) {
    return new Router(new RoutingSettings(n, mirror, hash));
  }

  @ParameterizedTest
  @ValueSource(ints = {2, 3, 5, 8, 64, 1000})
  void pairsWritePlansKeepTwoDistinctLiveCopiesAndNeverTouchADeadNodeTwice(int n) {
    Random random = new Random(n);
    for (HashAlgorithm hash : HashAlgorithm.values()) {
      Router router = router(n, MirrorMode.PAIRS, hash);
      for (int v = 0; v < 200; v++) {
        ClusterView view = RandomViews.after(n, 3 * n + 10, random.nextDouble() * 0.8, random);
        for (int k = 0; k < 20; k++) {
          byte[] key = key(random);
          WritePlan plan = router.planWrite(key, view);
          assertThat(plan.targets().size()).as("copies of %s in %s", plan, view)
              .isEqualTo(Math.min(2, view.aliveCount()));
          assertAllAliveAndDistinct(view, plan.targets(), plan.fallbackDeletes());
          if (view.isAlive(router.home(key))) {
            assertThat(plan.targets().get(0)).isEqualTo(router.home(key));
          }
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 7, 1000})
  void withoutMirrorEachKeyHasOneLiveCopy(int n) {
    Random random = new Random(31 + n);
    Router router = router(n, MirrorMode.NONE, HashAlgorithm.MODULO);
    for (int v = 0; v < 200; v++) {
      ClusterView view = RandomViews.after(n, 2 * n + 5, random.nextDouble() * 0.8, random);
      byte[] key = key(random);
      WritePlan plan = router.planWrite(key, view);
      assertThat(plan.targets().size()).isEqualTo(view.allDown() ? 0 : 1);
      assertAllAliveAndDistinct(view, plan.targets(), plan.fallbackDeletes());
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {2, 3, 9, 64})
  void readAndAtomicPlansOnlyNameLiveDistinctNodesAndAgreeWithTheWritePlan(int n) {
    Random random = new Random(77 + n);
    Router router = router(n, MirrorMode.PAIRS, HashAlgorithm.JUMP);
    for (int v = 0; v < 300; v++) {
      ClusterView view = RandomViews.after(n, 4 * n, random.nextDouble() * 0.7, random);
      byte[] key = key(random);
      WritePlan write = router.planWrite(key, view);
      ReadPlan read = router.planRead(key, view);
      AtomicPlan atomic = router.planAtomic(key, view);
      assertAllAliveAndDistinct(view, read.nodes(), NodeList.empty());
      assertThat(read.allDown()).isEqualTo(view.allDown());
      assertThat(atomic.allDown()).isEqualTo(view.allDown());
      if (view.allDown()) {
        continue;
      }
      // The holders are read first (in some order), then only fallbacks follow.
      Set<Integer> firstReads = new HashSet<>();
      for (int i = 0; i < write.targets().size(); i++) {
        firstReads.add(read.nodes().get(i));
      }
      assertThat(firstReads).containsExactlyInAnyOrderElementsOf(asSet(write.targets()));
      // The authority is the node a read tries first, so that what an update decided there is what the
      // next read finds, even before the follower has it; it is repaired from exactly the nodes a read
      // consults after a miss there, so that it decides on what a read would return.
      assertThat(atomic.authority()).isEqualTo(read.nodes().get(0));
      Set<Integer> others = asSet(write.targets());
      others.remove(atomic.authority());
      assertThat(asSet(atomic.followers())).isEqualTo(others);
      assertThat(atomic.repairSources())
          .isEqualTo(read.continueAfterMiss(0) ? withoutFirst(read.nodes()) : NodeList.empty());
      assertThat(atomic.fallbackDeletes()).isEqualTo(write.fallbackDeletes());
      assertAllAliveAndDistinct(view, NodeList.of(atomic.authority()), atomic.repairSources());
    }
  }

  @Test
  void samePlanFromEverySameConfiguredRouter() {
    Random random = new Random(5);
    for (int v = 0; v < 300; v++) {
      int n = 1 + random.nextInt(40);
      MirrorMode mirror = n == 1 ? MirrorMode.NONE : MirrorMode.values()[random.nextInt(2)];
      HashAlgorithm hash = HashAlgorithm.values()[random.nextInt(2)];
      ClusterView view = RandomViews.after(n, 3 * n, 0.5, random);
      byte[] key = key(random);
      Router one = router(n, mirror, hash);
      Router other = router(n, mirror, hash);
      assertThat(other.planWrite(key, view)).isEqualTo(one.planWrite(key, view));
      assertThat(other.planRead(key, view)).isEqualTo(one.planRead(key, view));
      assertThat(other.planAtomic(key, view)).isEqualTo(one.planAtomic(key, view));
    }
  }

  /** Guarantee 1: killing one node changes the first write target of that node's keys only. */
  @ParameterizedTest
  @ValueSource(ints = {2, 3, 8, 64, 1000})
  void whenOneNodeDiesOnlyItsKeysChangeTheirFirstWriteTarget(int n) {
    Random random = new Random(n * 7L);
    for (MirrorMode mirror : MirrorMode.values()) {
      for (HashAlgorithm hash : HashAlgorithm.values()) {
        Router router = router(n, mirror, hash);
        int victim = random.nextInt(n);
        ClusterView healthy = ClusterView.allAlive(n);
        ClusterView oneDead = healthy.nodeDown(victim, 1);
        for (int k = 0; k < 2000; k++) {
          byte[] key = key(random);
          int before = router.planWrite(key, healthy).targets().get(0);
          int after = router.planWrite(key, oneDead).targets().get(0);
          boolean moved = before != after;
          assertThat(moved).as("key of home %d, victim %d", before, victim)
              .isEqualTo(before == victim);
        }
      }
    }
  }

  @Test
  void allNodesDownGivesAllDownPlansAndNoRehashTarget() {
    for (int n : new int[] {1, 2, 5}) {
      ClusterView view = ClusterView.allAlive(n);
      for (int node = 0; node < n; node++) {
        view = view.nodeDown(node, node);
      }
      Router router = router(n, n == 1 ? MirrorMode.NONE : MirrorMode.PAIRS, HashAlgorithm.MODULO);
      byte[] key = "x".getBytes(UTF_8);
      assertThat(router.planWrite(key, view).allDown()).isTrue();
      assertThat(router.planRead(key, view).allDown()).isTrue();
      assertThat(router.planAtomic(key, view).allDown()).isTrue();
      assertThat(PlacementProbes.rehash(router, key, view, NodeSet.empty())).isEqualTo(-1);
      assertThat(router.planWrite(key, view).toString()).contains("all down");
    }
  }

  @Test
  void partnersArePairsAndTheLastNodeOfAnOddCountPairsWithNodeZero() {
    Router odd = router(5, MirrorMode.PAIRS, HashAlgorithm.MODULO);
    assertThat(new int[] {PlacementProbes.partner(odd, 0), PlacementProbes.partner(odd, 1),
        PlacementProbes.partner(odd, 2), PlacementProbes.partner(odd, 3), PlacementProbes.partner(odd, 4)})
        .containsExactly(1, 0, 3, 2, 0);
    Router two = router(2, MirrorMode.PAIRS, HashAlgorithm.MODULO);
    assertThat(PlacementProbes.partner(two, 0)).isEqualTo(1);
    assertThat(PlacementProbes.partner(two, 1)).isEqualTo(0);
    assertThat(PlacementProbes.partner(router(4, MirrorMode.NONE, HashAlgorithm.MODULO), 2)).isEqualTo(-1);
  }

  @Test
  void twoNodesWithOneDeadWriteTheSurvivorOnly() {
    Router router = router(2, MirrorMode.PAIRS, HashAlgorithm.MODULO);
    ClusterView view = ClusterView.allAlive(2).nodeDown(0, 1);
    for (int i = 0; i < 100; i++) {
      byte[] key = ("two" + i).getBytes(UTF_8);
      assertThat(router.planWrite(key, view).targets()).isEqualTo(NodeList.of(1));
    }
  }

  @Test
  void oneNodeClusterHomesEverythingOnNodeZero() {
    Router router = router(1, MirrorMode.NONE, HashAlgorithm.JUMP);
    for (int i = 0; i < 100; i++) {
      byte[] key = ("one" + i).getBytes(UTF_8);
      assertThat(router.home(key)).isZero();
      assertThat(router.planWrite(key, ClusterView.allAlive(1)).targets()).isEqualTo(NodeList.of(0));
    }
  }

  /** The rehash probe is h(key ++ "#" ++ decimal(a)) mod N: recomputed here from the definition. */
  @Test
  void rehashTakesTheFirstEligibleProbeOfTheSuffixedKey() {
    int n = 16;
    Router router = router(n, MirrorMode.PAIRS, HashAlgorithm.MODULO);
    Random random = new Random(3);
    int checked = 0;
    for (int i = 0; i < 500; i++) {
      String text = "rehash-" + random.nextInt();
      byte[] key = text.getBytes(UTF_8);
      int home = router.home(key);
      int partner = PlacementProbes.partner(router, home);
      ClusterView view = ClusterView.allAlive(n).nodeDown(home, 0);
      int expected = -1;
      for (int a = 1; expected < 0; a++) {
        int probe = (int) Long.remainderUnsigned(KeyHash.hash((text + "#" + a).getBytes(UTF_8)), n);
        if (probe != home && probe != partner) {
          expected = probe;
        }
      }
      assertThat(router.planWrite(key, view).targets().get(0)).isEqualTo(expected);
      checked++;
    }
    assertThat(checked).isEqualTo(500);
  }

  @Test
  void rehashFallsBackToAWalkWhenOnlyOneNodeIsEligibleAndAlwaysFindsIt() {
    int n = 1000;
    Router router = router(n, MirrorMode.NONE, HashAlgorithm.MODULO);
    Random random = new Random(8);
    for (int i = 0; i < 50; i++) {
      int survivor = random.nextInt(n);
      ClusterView view = ClusterView.allAlive(n);
      for (int node = 0; node < n; node++) {
        if (node != survivor) {
          view = view.nodeDown(node, 0);
        }
      }
      assertThat(PlacementProbes.rehash(router, key(random), view, NodeSet.empty())).isEqualTo(survivor);
      assertThat(PlacementProbes.rehash(router, key(random), view, NodeSet.of(survivor))).isEqualTo(-1);
    }
  }

  private static void assertAllAliveAndDistinct(ClusterView view, NodeList first, NodeList second) {
    Set<Integer> seen = new HashSet<>();
    for (NodeList list : new NodeList[] {first, second}) {
      for (int i = 0; i < list.size(); i++) {
        int node = list.get(i);
        assertThat(view.isAlive(node)).as("node %d of %s alive in %s", node, list, view).isTrue();
        assertThat(seen.add(node)).as("node %d named twice", node).isTrue();
      }
    }
  }

  private static Set<Integer> asSet(NodeList list) {
    Set<Integer> set = new HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      set.add(list.get(i));
    }
    return set;
  }

  private static NodeList withoutFirst(NodeList list) {
    int[] all = list.toArray();
    return NodeList.of(Arrays.copyOfRange(all, 1, all.length));
  }
}
