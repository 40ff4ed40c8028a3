package io.mcjcache.routing;

import java.util.Arrays;
import java.util.StringJoiner;

/**
 * An immutable set of node indices, used for the set of dead nodes of a view and the dead sets an
 * episode recorded. A bit set so that "is node i dead" costs one array read on every operation.
 */
public final class NodeSet {
  private static final long[] NO_WORDS = new long[0];
  private static final NodeSet EMPTY = new NodeSet(NO_WORDS, 0);

  private final long[] words;
  private final int size;

  private NodeSet(long[] words, int size) {
    this.words = words;
    this.size = size;
  }

  /** The empty set. */
  public static NodeSet empty() {
    return EMPTY;
  }

  /** The set of the given node indices (each >= 0). */
  public static NodeSet of(int... nodes) {
    NodeSet set = EMPTY;
    for (int node : nodes) {
      set = set.with(node);
    }
    return set;
  }

  /** Whether {@code node} is in the set; false for any negative index. */
  public boolean contains(int node) {
    if (node < 0) {
      return false;
    }
    int w = node >>> 6;
    return w < words.length && (words[w] & (1L << node)) != 0;
  }

  /** This set plus {@code node}; {@code this} if already present. */
  public NodeSet with(int node) {
    if (node < 0) {
      throw new IllegalArgumentException("node index must be >= 0, was " + node);
    }
    if (contains(node)) {
      return this;
    }
    long[] copy = Arrays.copyOf(words, Math.max(words.length, (node >>> 6) + 1));
    copy[node >>> 6] |= 1L << node;
    return new NodeSet(copy, size + 1);
  }

  /** This set without {@code node}; {@code this} if absent. */
  public NodeSet without(int node) {
    if (!contains(node)) {
      return this;
    }
    if (size == 1) {
      return EMPTY;
    }
    long[] copy = words.clone();
    copy[node >>> 6] &= ~(1L << node);
    return new NodeSet(copy, size - 1);
  }

  /** The number of nodes in the set. */
  public int size() {
    return size;
  }

  public boolean isEmpty() {
    return size == 0;
  }

  /** The members in increasing order. */
  public int[] toArray() {
    int[] out = new int[size];
    int n = 0;
    for (int w = 0; w < words.length; w++) {
      long bits = words[w];
      while (bits != 0) {
        out[n++] = (w << 6) + Long.numberOfTrailingZeros(bits);
        bits &= bits - 1;
      }
    }
    return out;
  }

  @Override
  public boolean equals(Object other) {
    if (!(other instanceof NodeSet that) || that.size != size) {
      return false;
    }
    int common = Math.min(words.length, that.words.length);
    for (int w = 0; w < common; w++) {
      if (words[w] != that.words[w]) {
        return false;
      }
    }
    // Trailing words of the longer array must be zero; sizes being equal guarantees it.
    return true;
  }

  @Override
  public int hashCode() {
    // Zero words at the end must not change the hash (equal sets may differ in array length).
    int last = words.length;
    while (last > 0 && words[last - 1] == 0) {
      last--;
    }
    long h = 0;
    for (int w = 0; w < last; w++) {
      h = h * 31 + words[w];
    }
    return Long.hashCode(h);
  }

  @Override
  public String toString() {
    StringJoiner joiner = new StringJoiner(",", "{", "}");
    for (int node : toArray()) {
      joiner.add(Integer.toString(node));
    }
    return joiner.toString();
  }
}
