package io.mcjcache.transport;

/**
 * A value does not fit in one memcached item on the node (its {@code -I} limit, key and item header
 * included). Raised before anything is sent whenever the node's limit is known, so that nothing is
 * half-written and spymemcached does not drop the connection as it does on a {@code SERVER_ERROR}.
 * The node is healthy: this is not a {@link NodeFailureException}.
 */
public final class ItemTooLargeException extends TransportException {

  private final long itemBytes;
  private final long limitBytes;

  ItemTooLargeException(int node, String key, long itemBytes, long limitBytes, Throwable cause) {
    super(node, describe(node, key, itemBytes, limitBytes), cause);
    this.itemBytes = itemBytes;
    this.limitBytes = limitBytes;
  }

  private static String describe(int node, String key, long itemBytes, long limitBytes) {
    String size = itemBytes > 0 ? " needs about " + itemBytes + " bytes and" : "";
    String limit = limitBytes > 0 ? " of " + limitBytes + " bytes" : "";
    return "item for key '" + key + "'" + size + " is over node " + node + "'s item size limit" + limit
        + " (memcached -I, key and item header included)";
  }

  /** The estimated size of the item (value, key and header) in bytes, or -1 when only the server knew. */
  public long itemBytes() {
    return itemBytes;
  }

  /** The node's item size limit in bytes, or 0 when the server refused without us knowing it. */
  public long limitBytes() {
    return limitBytes;
  }
}
