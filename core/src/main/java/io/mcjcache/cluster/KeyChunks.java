package io.mcjcache.cluster;

import java.util.ArrayList;
import java.util.List;

/**
 * The one figure for how many keys a single request to one node carries (a multi-get, a pipelined batch
 * of sets or deletes, the episode walk's copies), and the split into chunks of it. A chunk bounds what one
 * request, and so one op timeout, has to cover, and how much one reply holds in memory; reads, writes and
 * key moves use the same figure so that one request's cost is the same whichever path sends it.
 */
final class KeyChunks {
  /** Keys per request to one node. */
  static final int KEYS_PER_REQUEST = 500;

  private KeyChunks() {}

  /** {@code items} in consecutive chunks of at most {@link #KEYS_PER_REQUEST}, as views of the list. */
  static <T> List<List<T>> of(List<T> items) {
    List<List<T>> chunks = new ArrayList<>(items.size() / KEYS_PER_REQUEST + 1);
    for (int from = 0; from < items.size(); from += KEYS_PER_REQUEST) {
      chunks.add(items.subList(from, Math.min(items.size(), from + KEYS_PER_REQUEST)));
    }
    return chunks;
  }
}
