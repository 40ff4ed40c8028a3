package io.mcjcache.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The shared form of a view: every view the transitions can produce (dead and returning nodes, open
 * and ended episodes, many dead sets, wide and merged episodes) reads back the same, and no damaged or torn bytes
 * ever become a view: they are refused with an {@link IllegalArgumentException}.
 */
class ClusterViewBytesTest {
  private static final int NODES = 8;

  @Test
  void everyViewTheTransitionsProduceReadsBackTheSame() {
    Random random = new Random(42);
    for (int run = 0; run < 300; run++) {
      ClusterView view = randomView(random, NODES, 1 + random.nextInt(80));
      ByteBuffer bytes = ByteBuffer.allocate(ClusterViewBytes.maxLength(NODES));
      ClusterViewBytes.encode(view, bytes);
      bytes.flip();
      ClusterView back = ClusterViewBytes.decode(bytes, NODES);
      assertThat(back).hasToString(view.toString());
      assertThat(back.nextEpisodeId()).isEqualTo(view.nextEpisodeId());
      assertThat(bytes.hasRemaining()).isFalse();
      // The decoded view goes on like the original: the same transition gives the same result.
      assertThat(back.nodeDown(3, 1_000_000).nodeUp(3, 1_000_001))
          .hasToString(view.nodeDown(3, 1_000_000).nodeUp(3, 1_000_001).toString());
    }
  }

  @Test
  void theLargestViewFitsInMaxLength() {
    ClusterView view = ClusterView.allAlive(NODES);
    long t = 0;
    // Every node flaps with many different dead sets: as many episodes and dead sets as are kept.
    for (int round = 0; round < 40; round++) {
      for (int node = 0; node < NODES; node++) {
        view = view.nodeDown(node, t++);
        view = view.nodeDown((node + 1 + round % (NODES - 1)) % NODES, t++);
        view = view.nodeUp((node + 1 + round % (NODES - 1)) % NODES, t++);
        view = view.nodeUp(node, t++);
      }
    }
    ByteBuffer bytes = ByteBuffer.allocate(ClusterViewBytes.maxLength(NODES));
    ClusterViewBytes.encode(view, bytes);
    bytes.flip();
    assertThat(ClusterViewBytes.decode(bytes, NODES)).hasToString(view.toString());
  }

  @Test
  void damagedBytesAreRefusedNeverMisread() {
    Random random = new Random(7);
    int refused = 0;
    for (int run = 0; run < 20_000; run++) {
      ClusterView view = randomView(random, NODES, random.nextInt(40));
      ByteBuffer bytes = ByteBuffer.allocate(ClusterViewBytes.maxLength(NODES));
      ClusterViewBytes.encode(view, bytes);
      int length = bytes.position();
      byte[] damaged = java.util.Arrays.copyOf(bytes.array(), length);
      switch (random.nextInt(3)) {
        case 0 -> damaged[random.nextInt(length)] ^= (byte) (1 << random.nextInt(8));
        case 1 -> damaged = java.util.Arrays.copyOf(damaged, random.nextInt(length));
        default -> random.nextBytes(damaged);
      }
      try {
        ClusterView read = ClusterViewBytes.decode(ByteBuffer.wrap(damaged), NODES);
        // A flipped bit can still spell a well-formed view (another time, another id): it must then be
        // one the checks accept, i.e. consistent in itself.
        for (int node = 0; node < NODES; node++) {
          assertThat(read.isAlive(node)).isEqualTo(read.episodes(node).isEmpty()
              || !read.episodes(node).get(read.episodes(node).size() - 1).isOpen());
          assertThat(read.isReturning(node) && read.isAlive(node)).as("returning but alive").isFalse();
        }
      } catch (IllegalArgumentException expected) {
        refused++;
      }
    }
    assertThat(refused).as("damaged views refused").isGreaterThan(10_000);
  }

  @Test
  void aViewOfAnotherNodeCountIsRefused() {
    ClusterView view = ClusterView.allAlive(NODES).nodeDown(7, 1);
    ByteBuffer bytes = ByteBuffer.allocate(ClusterViewBytes.maxLength(NODES));
    ClusterViewBytes.encode(view, bytes);
    bytes.flip();
    assertThatThrownBy(() -> ClusterViewBytes.decode(bytes, 4)).isInstanceOf(IllegalArgumentException.class);
  }

  /** A view after {@code steps} random transitions (at most half the nodes dead at once). */
  static ClusterView randomView(Random random, int nodes, int steps) {
    ClusterView view = ClusterView.allAlive(nodes);
    long time = random.nextInt(1_000_000);
    for (int i = 0; i < steps; i++) {
      int node = random.nextInt(nodes);
      time += random.nextInt(1_000);
      if (view.isAlive(node) && view.aliveCount() > nodes / 2) {
        view = view.nodeDown(node, time);
      } else if (!view.isAlive(node) && !view.isReturning(node) && random.nextInt(3) == 0) {
        view = view.nodeReturning(node, time);
      } else if (!view.isAlive(node)) {
        view = view.nodeUp(node, time);
      } else if (!view.episodes(node).isEmpty()) {
        view = view.episodeClosed(node, view.episodes(node).get(0).id());
      }
    }
    return view;
  }
}
