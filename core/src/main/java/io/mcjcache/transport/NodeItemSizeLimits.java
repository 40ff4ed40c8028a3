package io.mcjcache.transport;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Each node's item size limit ({@code stats settings} -> {@code item_size_max}, memcached's -I),
 * learned once per node, and the check that keeps oversized values from ever being sent. Checking
 * here rather than relying on the server's {@code SERVER_ERROR object too large} matters because
 * spymemcached answers that reply by dropping the connection, failing every other operation in
 * flight to the node.
 *
 * <p>An item takes its value, its key and memcached's per-item header: {@code itemOverheadBytes}, the
 * measured figure the store passes in ({@link TransportSettings#itemOverheadBytes()}; docs/codec.md,
 * "Item size").
 */
final class NodeItemSizeLimits {

  private final int itemOverheadBytes;
  /** 0 = not learned yet. */
  private final AtomicLongArray limits;

  NodeItemSizeLimits(int nodes, int itemOverheadBytes) {
    this.itemOverheadBytes = itemOverheadBytes;
    this.limits = new AtomicLongArray(nodes);
  }

  boolean isKnown(int node) {
    return limits.get(node) > 0;
  }

  /** Records the limit from a {@code stats settings} reply; ignores replies without it. */
  void learn(int node, Map<String, String> settings) {
    String value = settings.get("item_size_max");
    if (value != null) {
      try {
        limits.set(node, Long.parseLong(value.trim()));
      } catch (NumberFormatException e) {
        // leave unknown: the server's own refusal remains the backstop
      }
    }
  }

  /** Throws when the item would not fit; passes when the limit is not known yet. */
  void check(int node, String key, byte[] value) {
    long limit = limits.get(node);
    if (limit <= 0) {
      return;
    }
    long itemBytes = (long) value.length + key.getBytes(StandardCharsets.UTF_8).length + itemOverheadBytes;
    if (itemBytes > limit) {
      throw new ItemTooLargeException(node, key, itemBytes, limit, null);
    }
  }
}
