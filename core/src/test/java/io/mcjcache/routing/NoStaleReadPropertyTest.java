package io.mcjcache.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcjcache.routing.sim.PlanExecutor;
import io.mcjcache.routing.sim.SimNodes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Guarantee 3 (docs/design.md, "Guarantees") for one client, at the routing level: over long random schedules
 * of node deaths, restarts (a returning node is empty: restarted, or flushed by rejoin=flush), writes,
 * deletes, atomic updates and episode closings (after moving diverted copies home, as the migration task
 * does), a read never returns a value other than the last one written. Misses are allowed.
 */
class NoStaleReadPropertyTest {

  @ParameterizedTest(name = "{0} nodes, mirror {1}, hash {2}")
  @CsvSource({"2,PAIRS,MODULO", "3,PAIRS,JUMP", "5,PAIRS,MODULO", "8,PAIRS,JUMP", "8,NONE,MODULO",
      "3,NONE,JUMP", "16,PAIRS,MODULO"})
  void readsNeverReturnAnOverwrittenOrRemovedValue(int n, MirrorMode mirror, HashAlgorithm hash) {
    for (int seed = 0; seed < 20; seed++) {
      runSchedule(n, mirror, hash, new Random(seed * 1000L + n));
    }
  }

  private static void runSchedule(int n, MirrorMode mirror, HashAlgorithm hash, Random random) {
    Router router = new Router(new RoutingSettings(n, mirror, hash));
    SimNodes nodes = new SimNodes(n);
    PlanExecutor executor = new PlanExecutor(router, nodes, true);
    ClusterView view = ClusterView.allAlive(n);
    Map<String, Long> truth = new HashMap<>();
    long version = 0;
    long now = 0;
    int hits = 0;
    for (int step = 0; step < 3000; step++) {
      now++;
      String key = "key" + random.nextInt(40);
      int node = random.nextInt(n);
      int op = random.nextInt(100);
      if (op < 4 && view.isAlive(node) && view.aliveCount() > 1) {
        view = view.nodeDown(node, now);
        nodes.kill(node);
      } else if (op < 8 && !view.isAlive(node)) {
        nodes.restartEmpty(node);
        view = view.nodeUp(node, now);
      } else if (op < 10 && view.isRecovering(node)) {
        view = closeAfterMigration(router, nodes, view, view.episodes(node).get(0));
      } else if (op < 40) {
        executor.write(key, ++version, view);
        truth.put(key, version);
      } else if (op < 45) {
        executor.delete(key, view);
        truth.remove(key);
      } else if (op < 55) {
        Long seen = executor.readModifyWrite(key, ++version, view);
        if (seen != null) {
          assertThat(seen).as("atomic read of %s at step %d in %s", key, step, view)
              .isEqualTo(truth.get(key));
        }
        truth.put(key, version);
      } else {
        Long read = executor.read(key, view);
        if (read != null) {
          hits++;
          assertThat(read).as("read of %s at step %d in %s", key, step, view).isEqualTo(truth.get(key));
        }
      }
    }
    assertThat(hits).as("the schedule must actually serve reads").isGreaterThan(100);
  }

  /** The migration task: diverted copies go home with add (never overwriting), then leave. */
  static ClusterView closeAfterMigration(Router router, SimNodes nodes, ClusterView view, DownEpisode episode) {
    for (int holder = 0; holder < nodes.nodeCount(); holder++) {
      if (!view.isAlive(holder)) {
        continue;
      }
      List<String> keys = new ArrayList<>(nodes.keys(holder));
      for (String key : keys) {
        byte[] bytes = key.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        NodeList current = router.holders(bytes, view);
        if (current.contains(holder)
            || !PlacementProbes.divertedTargets(router, bytes, episode, view).contains(holder)) {
          continue;
        }
        Long value = nodes.get(holder, key);
        nodes.add(current.get(0), key, value);
        nodes.delete(holder, key);
      }
    }
    return view.episodeClosed(episode.node(), episode.id());
  }
}
