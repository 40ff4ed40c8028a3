package io.mcjcache.transport;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import net.spy.memcached.CASResponse;
import net.spy.memcached.CASValue;
import net.spy.memcached.MemcachedClient;
import net.spy.memcached.internal.GetFuture;
import net.spy.memcached.internal.OperationFuture;

/**
 * The one place that talks to memcached. Every operation names the node (index into
 * {@link TransportSettings#nodes()}) it goes to; the transport never chooses or changes the node.
 *
 * <p>Outcomes are kept apart so that a dead node is never mistaken for a missing key: a miss is
 * {@code null}/{@code false}/absent from a map; a CAS race is {@link CasOutcome#EXISTS}; a node that
 * gives no usable answer within {@link TransportSettings#opTimeout()} is a
 * {@link NodeFailureException} (its {@link FailureKind} says why); a value too big for the node's
 * item size limit is an {@link ItemTooLargeException}, raised before anything is sent. Bad input
 * (a node index out of range, a key memcached cannot take) is an {@link IllegalArgumentException}.
 *
 * <p>Values are bytes in, bytes out; every item is written with the flags
 * {@link PassThroughTranscoder#FLAGS}. Async
 * forms complete within the op timeout (with a {@link NodeFailureException} as the failure), on a
 * transport thread: keep continuations short or move them to an executor of your own. Multi-key
 * forms send all their commands to the node before waiting (one {@code get k1 k2 ...} for
 * {@link #getMulti}, pipelined stores for {@link #sendSetMulti}).
 *
 * <p>The operations are the ones the cluster store, health and the demo use (docs/transport.md,
 * "Operations"); tests reach the few more they need through their own helpers.
 *
 * <p>Every call ends once, within the op timeout, with its answer or a {@link TransportException}; what a
 * failure means for the node's health is the caller's business (the cluster layer tells health).
 */
public final class MemcachedTransport implements AutoCloseable {

  private static final PassThroughTranscoder BYTES = new PassThroughTranscoder();

  private final TransportSettings settings;
  private final NodeConnections connections;
  private final NodeQueries queries;
  private final KeyLister keyLister;
  private final NodeItemSizeLimits sizeLimits;
  private final CallCompletion calls;
  private final long timeoutNanos;
  private volatile boolean closed;

  /**
   * Checks that the servers accept this client ({@link ServerCheck}), then connects to every node, waiting
   * at most {@link TransportSettings#connectTimeout()}.
   *
   * @throws ServerAccessException when a server refuses this client (TLS, credentials), naming why
   */
  public MemcachedTransport(TransportSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.timeoutNanos = settings.opTimeout().toNanos();
    ServerCheck.run(settings);
    this.connections = NodeConnections.open(settings);
    this.queries = new NodeQueries(connections, timeoutNanos);
    this.keyLister = new KeyLister((int) Math.min(Integer.MAX_VALUE, settings.opTimeout().toMillis()),
        settings.security());
    this.sizeLimits = new NodeItemSizeLimits(connections.size(), settings.itemOverheadBytes());
    this.calls = new CallCompletion(timeoutNanos);
    for (int node = 0; node < connections.size(); node++) {
      learnItemSizeLimit(node);
    }
  }

  public TransportSettings settings() {
    return settings;
  }

  public int nodeCount() {
    return connections.size();
  }

  // ---- reads ------------------------------------------------------------------------------

  /** The value of {@code key} on {@code node}, or null on a miss. */
  public byte[] get(int node, String key) {
    return calls.await(checkNode(node), key, () -> send(node, c -> c.asyncGet(key, BYTES)),
        Function.identity());
  }

  /** The hits among {@code keys} on {@code node}, in one {@code get} command; misses are absent. */
  public Map<String, byte[]> getMulti(int node, Collection<String> keys) {
    if (keys.isEmpty()) {
      checkNode(node);
      return Map.of();
    }
    return calls.await(checkNode(node), null, () -> send(node, c -> c.asyncGetBulk(keys, BYTES)), Map::copyOf);
  }

  public CompletableFuture<byte[]> getAsync(int node, String key) {
    return calls.start(checkNode(node), key, () -> {
      GetFuture<byte[]> f = send(node, c -> c.asyncGet(key, BYTES));
      return calls.watch(node, key, CallCompletion.completion(f), Function.identity(), f);
    });
  }

  public CompletableFuture<CasValue> getsAsync(int node, String key) {
    return calls.start(checkNode(node), key, () -> {
      OperationFuture<CASValue<byte[]>> f = send(node, c -> c.asyncGets(key, BYTES));
      return calls.watch(node, key, CallCompletion.completion(f), MemcachedTransport::casValue, f);
    });
  }

  // ---- writes -----------------------------------------------------------------------------

  /** Stores only if the key is absent; false when it exists ("NOT_STORED"). */
  public boolean add(int node, String key, int exptime, byte[] value) {
    return calls.await(checkNode(node), key,
        () -> store(node, key, () -> send(node, c -> c.add(key, exptime, value, BYTES)), value),
        Boolean.TRUE::equals);
  }

  /** Stores only if the item still has the CAS token {@code cas} (from {@link #getsAsync}). */
  public CasOutcome cas(int node, String key, long cas, int exptime, byte[] value) {
    return calls.await(checkNode(node), key,
        () -> store(node, key, () -> send(node, c -> c.asyncCAS(key, cas, exptime, value, BYTES)), value),
        MemcachedTransport::casOutcome);
  }

  /** True when the key was deleted, false when it was not there. */
  public boolean delete(int node, String key) {
    return calls.await(checkNode(node), key, () -> send(node, c -> c.delete(key)), Boolean.TRUE::equals);
  }

  public CompletableFuture<Boolean> setAsync(int node, String key, int exptime, byte[] value) {
    return storeAsync(node, key, value, () -> send(node, c -> c.set(key, exptime, value, BYTES)));
  }

  public CompletableFuture<Boolean> addAsync(int node, String key, int exptime, byte[] value) {
    return storeAsync(node, key, value, () -> send(node, c -> c.add(key, exptime, value, BYTES)));
  }

  public CompletableFuture<CasOutcome> casAsync(int node, String key, long cas, int exptime, byte[] value) {
    return calls.start(checkNode(node), key, () -> {
      OperationFuture<CASResponse> f = store(node, key,
          () -> send(node, c -> c.asyncCAS(key, cas, exptime, value, BYTES)), value);
      return calls.watch(node, key, CallCompletion.completion(f), MemcachedTransport::casOutcome, f);
    });
  }

  public CompletableFuture<Boolean> deleteAsync(int node, String key) {
    return calls.start(checkNode(node), key, () -> {
      OperationFuture<Boolean> f = send(node, c -> c.delete(key));
      return calls.watch(node, key, CallCompletion.completion(f), Boolean.TRUE::equals, f);
    });
  }

  // ---- writes awaited on the caller's thread (Reply) ------------------------------------------

  /** {@code set}, to be awaited by the caller: see {@link Reply}. True when stored. */
  public Reply<Boolean> sendSet(int node, String key, int exptime, byte[] value) {
    return sending(node, key, () -> Reply.of(node, key,
        store(node, key, () -> send(node, c -> c.set(key, exptime, value, BYTES)), value), Boolean.TRUE::equals,
        timeoutNanos));
  }

  /** {@link #getMulti}, to be awaited by the caller: the hits among {@code keys}, misses absent. */
  public Reply<Map<String, byte[]>> sendGetMulti(int node, Collection<String> keys) {
    if (keys.isEmpty()) {
      checkNode(node);
      return Reply.ofAll(node, List.of(), answers -> Map.of(), timeoutNanos);
    }
    return sending(node, null, () -> Reply.of(node, null, send(node, c -> c.asyncGetBulk(keys, BYTES)),
        Function.identity(), timeoutNanos));
  }

  /** {@code delete}, to be awaited by the caller. True when the key was deleted, false when it was not there. */
  public Reply<Boolean> sendDelete(int node, String key) {
    return sending(node, key, () -> Reply.of(node, key, send(node, c -> c.delete(key)), Boolean.TRUE::equals,
        timeoutNanos));
  }

  /**
   * Stores every item on one node, all commands queued before any answer is awaited, so the batch costs about
   * one round trip; to be awaited by the caller: per key whether it was stored. Sizes are checked for all items
   * first: an oversized item fails the call before anything is sent. One timeout covers the whole batch; on
   * failure, any subset of the items may have been stored.
   */
  public Reply<Map<String, Boolean>> sendSetMulti(int node, Map<String, Item> items) {
    return sending(node, null, () -> {
      items.forEach((key, item) -> checkSize(node, key, item.value()));
      return pipelined(node, items.keySet(), (client, key) -> {
        Item item = items.get(key);
        return client.set(key, item.exptime(), item.value(), BYTES);
      });
    });
  }

  /** Deletes every key on one node, pipelined like {@link #sendSetMulti}: per key whether it was deleted. */
  public Reply<Map<String, Boolean>> sendDeleteMulti(int node, Collection<String> keys) {
    return sending(node, null, () -> pipelined(node, keys, MemcachedClient::delete));
  }

  /** Anything thrown before the call is on its way becomes a failed reply, as {@link CallCompletion#start} does. */
  private <T> Reply<T> sending(int node, String key, Supplier<Reply<T>> call) {
    checkNode(node);
    try {
      return call.get();
    } catch (IllegalArgumentException e) {
      throw e;
    } catch (TransportException e) {
      return Reply.failed(e);
    } catch (RuntimeException e) {
      return Reply.failed(FailureTranslator.translate(node, key, e));
    }
  }

  private Reply<Map<String, Boolean>> pipelined(int node, Collection<String> keys,
      BiFunction<MemcachedClient, String, OperationFuture<Boolean>> enqueue) {
    List<String> order = List.copyOf(keys);
    if (order.isEmpty()) {
      return Reply.ofAll(node, List.of(), answers -> Map.of(), timeoutNanos);
    }
    List<OperationFuture<Boolean>> sent = send(node, client -> {
      List<OperationFuture<Boolean>> futures = new ArrayList<>(order.size());
      for (String key : order) {
        futures.add(enqueue.apply(client, key));
      }
      return futures;
    });
    return Reply.ofAll(node, sent, answers -> {
      Map<String, Boolean> outcome = new LinkedHashMap<>(order.size() * 2); // never resized
      for (int i = 0; i < order.size(); i++) {
        outcome.put(order.get(i), Boolean.TRUE.equals(answers.get(i)));
      }
      return outcome;
    }, timeoutNanos);
  }

  // ---- node information -------------------------------------------------------------------

  /** The node's general {@code stats}. */
  public Map<String, String> stats(int node) {
    return queries.stats(checkNode(node), null);
  }

  /**
   * Passes every key on the node starting with {@code prefix} to {@code sink}, as found by
   * {@code lru_crawler metadump hash} (or {@code all} on servers without it). Not a snapshot: keys
   * written or evicted meanwhile may be missed, and a key may be passed twice; callers that need
   * completeness repeat the listing (docs/design.md, "Facts about memcached"). The op timeout bounds
   * connecting and each read, not the whole dump. The sink runs on the calling thread.
   */
  public void listKeys(int node, String prefix, Consumer<String> sink) {
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(sink, "sink");
    keyLister.listKeys(checkNode(node), connections.address(node), prefix, sink);
  }

  @Override
  public void close() {
    closed = true;
    calls.close();
    connections.close();
  }

  // ---- plumbing ---------------------------------------------------------------------------

  private CompletableFuture<Boolean> storeAsync(int node, String key, byte[] value,
      Supplier<OperationFuture<Boolean>> send) {
    return calls.start(checkNode(node), key, () -> {
      OperationFuture<Boolean> f = store(node, key, send, value);
      return calls.watch(node, key, CallCompletion.completion(f), Boolean.TRUE::equals, f);
    });
  }

  private <F> F store(int node, String key, Supplier<F> send, byte[] value) {
    Objects.requireNonNull(value, "value");
    checkSize(node, key, value);
    return send.get();
  }

  private void checkSize(int node, String key, byte[] value) {
    if (!sizeLimits.isKnown(node)) {
      learnItemSizeLimit(node);
    }
    sizeLimits.check(node, key, value);
  }

  /** Best effort: a node that cannot tell its limit now is asked again before the next write. */
  private void learnItemSizeLimit(int node) {
    if (!connections.isConnected(node)) {
      return;
    }
    try {
      sizeLimits.learn(node, queries.stats(node, "settings"));
    } catch (NodeFailureException e) {
      // the write itself will meet the same failure and report it
    }
  }

  /**
   * Enqueues a spymemcached call on the node after checking that a connection to it is open: a
   * single-key call on a disconnected node would be cancelled anyway, but a bulk get would wait in
   * the queue until its timeout.
   */
  private <F> F send(int node, Function<MemcachedClient, F> enqueue) {
    checkNode(node);
    if (closed) {
      throw new NodeFailureException(node, FailureKind.CLOSED, "the transport is closed", null);
    }
    if (!connections.isConnected(node)) {
      throw connections.notConnected(node);
    }
    return connections.send(node, enqueue);
  }

  /** Returns the node index when it names a configured node. */
  private int checkNode(int node) {
    if (node < 0 || node >= connections.size()) {
      throw new IllegalArgumentException("node index " + node + " out of range: the cluster has "
          + connections.size() + " nodes (0.." + (connections.size() - 1) + ")");
    }
    return node;
  }

  private static CasValue casValue(CASValue<byte[]> value) {
    return value == null ? null : new CasValue(value.getValue(), value.getCas());
  }

  private static CasOutcome casOutcome(CASResponse response) {
    return switch (response) {
      case OK -> CasOutcome.STORED;
      case EXISTS -> CasOutcome.EXISTS;
      case NOT_FOUND -> CasOutcome.NOT_FOUND;
      default -> throw new IllegalStateException("unexpected CAS reply from a memcached server: " + response);
    };
  }
}
