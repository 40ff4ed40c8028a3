package io.mcjcache.bench;

import io.mcjcache.testkit.MemcachedCluster;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import net.spy.memcached.ClientMode;
import net.spy.memcached.ConnectionFactoryBuilder;
import net.spy.memcached.MemcachedClient;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Raw spymemcached (the maintained fork mcjcache uses) on the same 4-node cluster and data as mcjcache: the floor of mcjcache's
 * overhead, since mcjcache's transport is spymemcached. The client is spymemcached as a user gets it
 * (text protocol, its default modulo hashing, its serializing transcoder, which stores a {@code byte[]}
 * as is), with no routing, mirroring, envelope or JCache semantics.
 *
 * <p>{@link #set} waits for each reply, like a JCache {@code put} returns only once the write is done;
 * {@link #setBatch} is the floor for {@code putAll(100)}: spymemcached has no multi-set, so 100 sets
 * are pipelined and then awaited.
 *
 * <p>{@link #setTwice} and {@link #setBatchTwice} are the floor of a mirrored write: each value is set on two
 * different nodes, both copies sent before either reply is awaited, as mcjcache's {@code mirror=pairs} does.
 * A second client over the same nodes in rotated order sends the second copy: with spymemcached's modulo
 * hashing a key's node in it is the next node of the first client's.
 *
 * <p>Not final: JMH generates a subclass of each benchmark class.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = {ForkSettings.HEAP_MIN, ForkSettings.HEAP_MAX, ForkSettings.IPV4,
    ForkSettings.SPY_LOGGER, ForkSettings.QUIET_LOGGING})
public class RawSpymemcachedBenchmark {
  /**
   * {@code plain}, or {@code tls}: servers that speak only TLS and the client's TLS with their certificate
   * (one client for all nodes, verifying the name they share, as a user of the library would).
   */
  @Param({"plain"})
  public String wire;

  /**
   * {@code raw}: the data set's keys and values as they are. {@code mcjcache}: the keys and item bytes mcjcache
   * sends for the same entries ({@link WireForm}), the floor of what mcjcache's format costs on the wire.
   */
  @Param({"raw"})
  public String format;

  private WireForm form;

  private MemcachedCluster cluster;
  private MemcachedClient client;
  /** The same nodes, rotated by one: each key's node is the next one of {@link #client}'s. */
  private MemcachedClient rotated;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    cluster = BenchCluster.start(wire);
    ConnectionFactoryBuilder factory = new ConnectionFactoryBuilder()
        .setProtocol(ConnectionFactoryBuilder.Protocol.TEXT)
        .setClientMode(ClientMode.Static)
        .setDaemon(true);
    if (BenchCluster.TLS.equals(wire)) {
      factory.setSSLContext(BenchCluster.tls().clientContext())
          .setHostnameForTlsVerification(cluster.addresses().get(0).getHostString());
    }
    Dataset data = new Dataset();
    form = WireForm.of(format, data);
    client = new MemcachedClient(factory.build(), cluster.addresses());
    List<InetSocketAddress> rotatedAddresses = new ArrayList<>(cluster.addresses());
    Collections.rotate(rotatedAddresses, -1);
    rotated = new MemcachedClient(factory.build(), rotatedAddresses);
    Preload.run("raw spymemcached", data, batch -> awaitAll(batch.entrySet().stream()
        .map(entry -> client.set(form.key(entry.getKey()), 0, form.item(entry.getValue()))).toList()),
        keys -> form.readBack(client.getBulk(form.keys(keys))));
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    if (client != null) {
      client.shutdown(5, TimeUnit.SECONDS);
    }
    if (rotated != null) {
      rotated.shutdown(5, TimeUnit.SECONDS);
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Benchmark
  public Object get(Workload workload) {
    return client.get(form.key(workload.nextKey()));
  }

  @Benchmark
  public Boolean set(Workload workload) throws InterruptedException, ExecutionException {
    return client.set(form.key(workload.nextKey()), 0, form.item(workload.value())).get();
  }

  @Benchmark
  public Map<String, Object> getBulk(Workload workload) {
    return client.getBulk(form.keys(workload.nextBatch()));
  }

  @Benchmark
  public int setBatch(Workload workload) {
    byte[] value = form.item(workload.value());
    List<Future<Boolean>> replies = new ArrayList<>(Dataset.BATCH_SIZE);
    for (String key : form.keys(workload.nextBatch())) {
      replies.add(client.set(key, 0, value));
    }
    return awaitAll(replies);
  }

  @Benchmark
  public int setTwice(Workload workload) {
    String key = form.key(workload.nextKey());
    byte[] value = form.item(workload.value());
    return awaitAll(List.of(client.set(key, 0, value), rotated.set(key, 0, value)));
  }

  @Benchmark
  public int setBatchTwice(Workload workload) {
    byte[] value = form.item(workload.value());
    List<Future<Boolean>> replies = new ArrayList<>(2 * Dataset.BATCH_SIZE);
    for (String key : form.keys(workload.nextBatch())) {
      replies.add(client.set(key, 0, value));
      replies.add(rotated.set(key, 0, value));
    }
    return awaitAll(replies);
  }

  private static int awaitAll(List<? extends Future<Boolean>> replies) {
    int stored = 0;
    for (Future<Boolean> reply : replies) {
      try {
        if (reply.get()) {
          stored++;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for a set", e);
      } catch (ExecutionException e) {
        throw new IllegalStateException("a set failed: " + e.getCause(), e.getCause());
      }
    }
    return stored;
  }
}
