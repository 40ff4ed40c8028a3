package io.mcjcache.demo;

import io.mcjcache.testkit.MemcachedCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import net.spy.memcached.ConnectionFactoryBuilder;
import net.spy.memcached.DefaultHashAlgorithm;
import net.spy.memcached.FailureMode;
import net.spy.memcached.MemcachedClient;
import net.spy.memcached.internal.OperationFuture;
import net.spy.memcached.ops.OperationStatus;
import net.spy.memcached.ops.StatusCode;

/**
 * The real thing rather than a model of it: a spymemcached {@link MemcachedClient} with its ketama
 * locator ({@code KETAMA_HASH}, consistent) and {@code FailureMode.Redistribute}, so a dead node's
 * keys go to the next node on the ring while it is down. When it returns (empty, after a restart)
 * its keys go back to it: what it held before and everything written to its neighbour meanwhile is a
 * miss. Liveness is spymemcached's own (a broken connection, reconnection with back-off), capped at
 * one second between attempts so the demo does not wait on its default 30 s.
 */
final class KetamaStrategy implements Strategy {
  /**
   * Why the row is left out of the pause schedule. A hung node keeps its TCP connection open, so
   * spymemcached never takes it out of its ring (it counts a node dead only when the connection breaks):
   * every {@code getAll} of the schedule's batches, each of which has keys on every node, waits out the
   * whole op timeout, and every write to the node's keys does too, one after another. Measured on 8 nodes,
   * one paused: 40 {@code getAll}s of 100 keys in a row took 0.50 to 0.96 s each, the node still available
   * after 21 s, and 100 writes (15 of them to the hung node) took 7.6 s. The node-down pass of the defaults
   * (1,000 batches) would take over 8 minutes, the writes while it hangs (40,000) over an hour.
   */
  static final String HANGS_ON_A_HUNG_NODE = "not run with --fault pause: spymemcached never marks a hung node dead"
      + " (its connection stays open), so every getAll of " + ReadPass.BATCH + " keys would wait out its "
      + NodeClient.OP_TIMEOUT.toMillis() + " ms timeout: over 8 minutes per read pass of 100,000 keys";
  private static final long MAX_RECONNECT_DELAY_SEC = 1;

  private final MemcachedClient client;
  private final List<InetSocketAddress> addresses;

  private KetamaStrategy(MemcachedClient client, List<InetSocketAddress> addresses) {
    this.client = client;
    this.addresses = addresses;
  }

  static KetamaStrategy connect(MemcachedCluster cluster) {
    ConnectionFactoryBuilder factory = new ConnectionFactoryBuilder()
        .setProtocol(ConnectionFactoryBuilder.Protocol.TEXT)
        .setLocatorType(ConnectionFactoryBuilder.Locator.CONSISTENT)
        .setHashAlg(DefaultHashAlgorithm.KETAMA_HASH)
        .setFailureMode(FailureMode.Redistribute)
        .setOpTimeout(NodeClient.OP_TIMEOUT.toMillis())
        .setMaxReconnectDelay(MAX_RECONNECT_DELAY_SEC)
        .setDaemon(true);
    try {
      return new KetamaStrategy(new MemcachedClient(factory.build(), cluster.addresses()), cluster.addresses());
    } catch (IOException e) {
      throw new UncheckedIOException("could not start spymemcached on " + cluster.serverList(), e);
    }
  }

  @Override
  public Set<String> putAll(Map<String, String> entries) {
    Map<String, OperationFuture<Boolean>> replies = new LinkedHashMap<>();
    entries.forEach((key, value) -> replies.put(key, client.set(key, 0, value)));
    return answered(replies, status -> status.getStatusCode() == StatusCode.SUCCESS);
  }

  @Override
  public Set<String> deleteAll(Collection<String> keys) {
    Map<String, OperationFuture<Boolean>> replies = new LinkedHashMap<>();
    keys.forEach(key -> replies.put(key, client.delete(key)));
    return answered(replies,
        status -> status.getStatusCode() == StatusCode.SUCCESS || status.getStatusCode() == StatusCode.ERR_NOT_FOUND);
  }

  /**
   * The keys whose operation completed within the timeout with a status {@code ok} accepts. The others
   * failed, as they would in production: spymemcached reports it and the application moves on.
   */
  private static Set<String> answered(Map<String, OperationFuture<Boolean>> replies, Predicate<OperationStatus> ok) {
    Set<String> acknowledged = new HashSet<>();
    for (Map.Entry<String, OperationFuture<Boolean>> reply : replies.entrySet()) {
      try {
        reply.getValue().get(NodeClient.OP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        if (ok.test(reply.getValue().getStatus())) {
          acknowledged.add(reply.getKey());
        }
      } catch (ExecutionException | TimeoutException e) {
        // Failed or no answer in time: not acknowledged.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return acknowledged;
  }

  @Override
  public Map<String, String> getAll(Collection<String> keys) {
    Map<String, String> found = new HashMap<>();
    try {
      // getSome: what arrived within the timeout; keys on a node that did not answer are misses.
      client.asyncGetBulk(keys).getSome(NodeClient.OP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
          .forEach((key, value) -> found.put(key, (String) value));
    } catch (ExecutionException e) {
      // A failed node: its keys are misses.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return found;
  }

  @Override
  public boolean seesAlive(int node) {
    return client.getAvailableServers().contains(addresses.get(node));
  }

  @Override
  public void close() {
    client.shutdown(2, TimeUnit.SECONDS);
  }
}
