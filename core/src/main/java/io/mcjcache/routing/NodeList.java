package io.mcjcache.routing;

import java.util.Arrays;

/**
 * An immutable, ordered list of distinct node indices: the nodes a plan touches, in the order the
 * executor should touch them. Index access avoids handing out (and copying) the array on the hot
 * path; {@link #toArray()} copies.
 */
public final class NodeList {
  private static final NodeList EMPTY = new NodeList(new int[0]);

  private final int[] nodes;

  private NodeList(int[] nodes) {
    this.nodes = nodes;
  }

  /** The empty list. */
  public static NodeList empty() {
    return EMPTY;
  }

  /**
   * A list of the given nodes, in order.
   *
   * @throws IllegalArgumentException if a node is negative or repeated
   */
  public static NodeList of(int... nodes) {
    if (nodes.length == 0) {
      return EMPTY;
    }
    int[] copy = nodes.clone();
    for (int i = 0; i < copy.length; i++) {
      if (copy[i] < 0) {
        throw new IllegalArgumentException("negative node index in " + Arrays.toString(copy));
      }
      for (int j = 0; j < i; j++) {
        if (copy[j] == copy[i]) {
          throw new IllegalArgumentException("node " + copy[i] + " repeated in " + Arrays.toString(copy));
        }
      }
    }
    return new NodeList(copy);
  }

  /** Wraps an array this package built and will not touch again (already distinct). */
  static NodeList wrap(int[] nodes, int length) {
    return length == 0 ? EMPTY : new NodeList(Arrays.copyOf(nodes, length));
  }

  public int size() {
    return nodes.length;
  }

  public boolean isEmpty() {
    return nodes.length == 0;
  }

  /** The node at position {@code index}. */
  public int get(int index) {
    return nodes[index];
  }

  /** The first node, or -1 when empty. */
  public int first() {
    return nodes.length == 0 ? -1 : nodes[0];
  }

  public boolean contains(int node) {
    for (int n : nodes) {
      if (n == node) {
        return true;
      }
    }
    return false;
  }

  /** A copy of the nodes, in order. */
  public int[] toArray() {
    return nodes.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof NodeList that && Arrays.equals(nodes, that.nodes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(nodes);
  }

  @Override
  public String toString() {
    return Arrays.toString(nodes);
  }
}
