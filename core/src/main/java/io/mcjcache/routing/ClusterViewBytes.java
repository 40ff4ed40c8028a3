package io.mcjcache.routing;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link ClusterView} as bytes, so that processes can share one view (the host's liveness file).
 * Little-endian, every field fixed-width, so that a program in another language can read it (the layout
 * is documented field by field in docs/operations.md, "The host liveness file"):
 *
 * <pre>
 * u64 nextEpisodeId
 * u16 deadCount, then deadCount x u16 node
 * for each node 0..N-1:
 *   u8 episodeCount (at most ClusterView.MAX_EPISODES_PER_NODE)
 *   per episode: u64 id, i64 startMillis, i64 endMillis,
 *                u8 flags (1 = open, 2 = wide, 4 = returning: only on a returning node's open episode),
 *                u8 deadSetCount (at most DownEpisode.MAX_DEAD_SETS), then per dead set:
 *                u16 count, count x u16 node
 * </pre>
 *
 * Decoding checks everything it reads (counts, node indices, the dead set against the open episodes) and
 * throws {@link IllegalArgumentException} naming the first thing wrong: bytes torn by a writer or damaged
 * on disk never become a view. Pure: no I/O.
 */
public final class ClusterViewBytes {
  private static final int OPEN = 1;
  private static final int WIDE = 2;
  private static final int RETURNING = 4;

  private ClusterViewBytes() {}

  /** The most bytes a view of {@code nodeCount} nodes can take. */
  public static int maxLength(int nodeCount) {
    int set = 2 + 2 * nodeCount;
    int episode = 8 + 8 + 8 + 1 + 1 + DownEpisode.MAX_DEAD_SETS * set;
    return 8 + set + nodeCount * (1 + ClusterView.MAX_EPISODES_PER_NODE * episode);
  }

  /** Writes {@code view} at the buffer's position; the buffer must have {@link #maxLength} bytes left. */
  public static void encode(ClusterView view, ByteBuffer out) {
    ByteBuffer buffer = out.order(ByteOrder.LITTLE_ENDIAN);
    buffer.putLong(view.nextEpisodeId());
    putSet(buffer, view.deadNodes());
    for (int node = 0; node < view.nodeCount(); node++) {
      DownEpisode[] episodes = view.episodesOf(node);
      buffer.put((byte) episodes.length);
      for (DownEpisode episode : episodes) {
        buffer.putLong(episode.id());
        buffer.putLong(episode.startMillis());
        buffer.putLong(episode.isOpen() ? 0 : episode.endMillis().getAsLong());
        buffer.put((byte) ((episode.isOpen() ? OPEN : 0) | (episode.isWide() ? WIDE : 0)
            | (episode.isOpen() && view.isReturning(node) ? RETURNING : 0)));
        buffer.put((byte) episode.deadSets().size());
        for (NodeSet set : episode.deadSets()) {
          putSet(buffer, set);
        }
      }
    }
  }

  /**
   * The view of {@code nodeCount} nodes read from the buffer's position.
   *
   * @throws IllegalArgumentException if the bytes are not a well-formed view of that many nodes
   */
  public static ClusterView decode(ByteBuffer in, int nodeCount) {
    ByteBuffer buffer = in.order(ByteOrder.LITTLE_ENDIAN);
    try {
      long nextEpisodeId = buffer.getLong();
      NodeSet dead = getSet(buffer, nodeCount);
      DownEpisode[][] episodes = new DownEpisode[nodeCount][];
      NodeSet returning = NodeSet.empty();
      for (int node = 0; node < nodeCount; node++) {
        int count = Byte.toUnsignedInt(buffer.get());
        if (count > ClusterView.MAX_EPISODES_PER_NODE) {
          throw new IllegalArgumentException("node " + node + " has " + count + " episodes, at most "
              + ClusterView.MAX_EPISODES_PER_NODE + " are kept");
        }
        episodes[node] = new DownEpisode[count];
        for (int e = 0; e < count; e++) {
          long id = buffer.getLong();
          long start = buffer.getLong();
          long end = buffer.getLong();
          int flags = Byte.toUnsignedInt(buffer.get());
          if ((flags & ~(OPEN | WIDE | RETURNING)) != 0) {
            throw new IllegalArgumentException("episode " + id + " of node " + node + " has unknown flags " + flags);
          }
          if ((flags & RETURNING) != 0) {
            if ((flags & OPEN) == 0) {
              throw new IllegalArgumentException("episode " + id + " of node " + node
                  + " is returning but not open");
            }
            returning = returning.with(node);
          }
          int sets = Byte.toUnsignedInt(buffer.get());
          if (sets > DownEpisode.MAX_DEAD_SETS || (sets == 0) != ((flags & WIDE) != 0)) {
            throw new IllegalArgumentException("episode " + id + " of node " + node + " has " + sets
                + " dead sets" + ((flags & WIDE) != 0 ? " although wide" : ""));
          }
          if (id <= 0 || id >= nextEpisodeId) {
            throw new IllegalArgumentException("episode id " + id + " of node " + node
                + " is not below the next id " + nextEpisodeId);
          }
          List<NodeSet> deadSets = new ArrayList<>(sets);
          for (int s = 0; s < sets; s++) {
            deadSets.add(getSet(buffer, nodeCount));
          }
          episodes[node][e] = DownEpisode.restored(node, id, start, end, (flags & OPEN) != 0, deadSets,
              (flags & WIDE) != 0);
        }
      }
      return ClusterView.restored(nodeCount, dead, returning, episodes, nextEpisodeId);
    } catch (BufferUnderflowException e) {
      throw new IllegalArgumentException("the view ends early", e);
    }
  }

  private static void putSet(ByteBuffer buffer, NodeSet set) {
    int[] nodes = set.toArray();
    buffer.putShort((short) nodes.length);
    for (int node : nodes) {
      buffer.putShort((short) node);
    }
  }

  private static NodeSet getSet(ByteBuffer buffer, int nodeCount) {
    int count = Short.toUnsignedInt(buffer.getShort());
    if (count > nodeCount) {
      throw new IllegalArgumentException("a node set of " + count + " nodes in a cluster of " + nodeCount);
    }
    int[] nodes = new int[count];
    for (int i = 0; i < count; i++) {
      nodes[i] = Short.toUnsignedInt(buffer.getShort());
      if (nodes[i] >= nodeCount || (i > 0 && nodes[i] <= nodes[i - 1])) {
        throw new IllegalArgumentException("node set entry " + nodes[i] + " is out of range or out of order");
      }
    }
    return NodeSet.of(nodes);
  }
}
