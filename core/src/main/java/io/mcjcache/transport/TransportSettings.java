package io.mcjcache.transport;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How the transport talks to the cluster. Immutable; build with {@link #builder(List)}.
 *
 * <p>The defaults are chosen so that our own health checking, not spymemcached's timers, decides
 * liveness, and so that a restarted node is usable again within about a second:
 *
 * @param nodes the servers in configured order; the index in this list is the node index every
 *     operation takes
 * @param opTimeout the longest any single call waits for its node (a call on a paused node returns
 *     {@link FailureKind#TIMEOUT} after this); default 500 ms
 * @param connectTimeout how long the constructor waits for the initial connections (nodes that
 *     refuse are not waited for; they keep being retried in the background); default 1 s
 * @param maxReconnectDelay the cap of spymemcached's exponential reconnect back-off (whole seconds,
 *     at least 1). spymemcached's default of 30 s would keep a restarted node unused for up to
 *     30 s after it is back; 1 s makes it usable about a second after it listens again; default 1 s
 * @param timeoutExceptionThreshold after how many consecutive timeouts spymemcached drops and re-opens
 *     a node's connection (at least 2). spymemcached's default (998) keeps a hung connection for
 *     tens of seconds; a modest value discards it quickly, after which calls fail at once with
 *     {@link FailureKind#UNREACHABLE} instead of each waiting {@code opTimeout}; default 10
 * @param itemOverheadBytes what memcached's per-item header adds to key and value against a node's item
 *     size limit, counted when the transport checks an item's size before sending. The store passes the
 *     measured figure, {@link #ITEM_OVERHEAD_BYTES}; default 0, which leaves only the header's few dozen bytes to the server's own refusal
 * @param security TLS and authentication for every connection; default {@link TransportSecurity#PLAIN}
 */
public record TransportSettings(
    List<InetSocketAddress> nodes,
    Duration opTimeout,
    Duration connectTimeout,
    Duration maxReconnectDelay,
    int timeoutExceptionThreshold,
    int itemOverheadBytes,
    TransportSecurity security) {

  /**
   * memcached's per-item header, counted against {@code -I} besides the key and the value. Measured on
   * memcached 1.6.18 (64-bit, CAS on, default slab settings), with {@code -I} 512k, 1m, 2m and 4m alike
   * and keys of 1, 120 and 250 bytes: the largest value {@code set} stores is {@code limit - key length -
   * 63} bytes when the item's client flags are non-zero (ours always are), {@code - 59} with flags 0, {@code - 55} with CAS off ({@code -C}). 63 is exact
   * for our items, and generous for servers without CAS. To repeat the measurement: start
   * {@code memcached -I 1m} and find the largest length that {@code set <key> 19779 0 <length>} answers
   * {@code STORED}; {@code ItemSizeLimitOnRealMemcachedTest} does that at the boundary for each of those
   * limits and key lengths.
   */
  public static final int ITEM_OVERHEAD_BYTES = 63;

  public TransportSettings {
    Objects.requireNonNull(nodes, "nodes");
    if (nodes.isEmpty()) {
      throw new IllegalArgumentException("nodes must name at least one memcached server");
    }
    nodes = List.copyOf(nodes);
    requirePositive("opTimeout", opTimeout);
    requirePositive("connectTimeout", connectTimeout);
    requirePositive("maxReconnectDelay", maxReconnectDelay);
    if (maxReconnectDelay.toMillis() % 1000 != 0) {
      throw new IllegalArgumentException(
          "maxReconnectDelay must be whole seconds (spymemcached's unit), was " + maxReconnectDelay);
    }
    if (timeoutExceptionThreshold < 2) {
      throw new IllegalArgumentException(
          "timeoutExceptionThreshold must be >= 2 (spymemcached's minimum), was " + timeoutExceptionThreshold);
    }
    Objects.requireNonNull(security, "security");
    if (itemOverheadBytes < 0) {
      throw new IllegalArgumentException("itemOverheadBytes must be >= 0, was " + itemOverheadBytes);
    }
  }

  /** Settings with every default for these nodes. */
  public static TransportSettings of(List<InetSocketAddress> nodes) {
    return builder(nodes).build();
  }

  public static Builder builder(List<InetSocketAddress> nodes) {
    return new Builder(nodes);
  }

  /** A builder starting from these settings. */
  public Builder toBuilder() {
    return new Builder(nodes)
        .opTimeout(opTimeout)
        .connectTimeout(connectTimeout)
        .maxReconnectDelay(maxReconnectDelay)
        .timeoutExceptionThreshold(timeoutExceptionThreshold)
        .itemOverheadBytes(itemOverheadBytes)
        .security(security);
  }

  private static void requirePositive(String name, Duration value) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, was " + value);
    }
  }

  /** Fluent builder in the manner of spymemcached's ConnectionFactoryBuilder. */
  public static final class Builder {
    private final List<InetSocketAddress> nodes;
    private Duration opTimeout = Duration.ofMillis(500);
    private Duration connectTimeout = Duration.ofSeconds(1);
    private Duration maxReconnectDelay = Duration.ofSeconds(1);
    private int timeoutExceptionThreshold = 10;
    private int itemOverheadBytes;
    private TransportSecurity security = TransportSecurity.PLAIN;

    private Builder(List<InetSocketAddress> nodes) {
      this.nodes = nodes;
    }

    public Builder opTimeout(Duration value) {
      this.opTimeout = value;
      return this;
    }

    public Builder connectTimeout(Duration value) {
      this.connectTimeout = value;
      return this;
    }

    public Builder maxReconnectDelay(Duration value) {
      this.maxReconnectDelay = value;
      return this;
    }

    public Builder timeoutExceptionThreshold(int value) {
      this.timeoutExceptionThreshold = value;
      return this;
    }

    public Builder itemOverheadBytes(int value) {
      this.itemOverheadBytes = value;
      return this;
    }

    public Builder security(TransportSecurity value) {
      this.security = value;
      return this;
    }

    public TransportSettings build() {
      return new TransportSettings(nodes, opTimeout, connectTimeout, maxReconnectDelay,
          timeoutExceptionThreshold, itemOverheadBytes, security);
    }
  }
}
