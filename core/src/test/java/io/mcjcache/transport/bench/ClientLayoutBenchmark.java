package io.mcjcache.transport.bench;

import io.mcjcache.testkit.MemcachedCluster;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import net.spy.memcached.CachedData;
import net.spy.memcached.DefaultConnectionFactory;
import net.spy.memcached.FailureMode;
import net.spy.memcached.MemcachedClient;
import net.spy.memcached.MemcachedNode;
import net.spy.memcached.NodeLocator;
import net.spy.memcached.transcoders.Transcoder;

/**
 * Measures the two ways the transport can hold its spymemcached connections: one client (and so
 * one I/O thread) per node, or one shared client whose locator sends each operation to a node pinned
 * by the caller. Synchronous get/set of 1 KB values on a random node, 1 and 2 caller threads,
 * 2/4/8/16 nodes of a testkit cluster. Not a unit test: run it through {@link ClientLayoutBenchmarkRun}
 * (see there for the command). Argument (optional): seconds per measurement (default 3).
 */
public final class ClientLayoutBenchmark {

  private static final int KEYS = 1000;
  private static final int ROUNDS = 3;
  private static final byte[] VALUE = new byte[1024];

  enum Layout { CLIENT_PER_NODE, SHARED_CLIENT }

  enum Op { SET, GET }

  private ClientLayoutBenchmark() {
  }

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    System.out.printf("%-6s %-16s %-8s %-4s %14s   %s%n", "nodes", "layout", "threads", "op",
        "median ops/s", "rounds");
    for (int nodes : new int[] {2, 4, 8, 16}) {
      try (MemcachedCluster cluster = MemcachedCluster.builder().nodes(nodes).memoryMb(64).start();
          Clients perNode = Clients.open(Layout.CLIENT_PER_NODE, cluster.addresses());
          Clients shared = Clients.open(Layout.SHARED_CLIENT, cluster.addresses())) {
        for (int threads : new int[] {1, 2}) {
          for (Op op : Op.values()) {
            // Alternate the layouts over several rounds so that JIT warm-up, CPU
            // frequency and noise from the (shared, 2-CPU) machine hit both alike.
            double[][] rates = new double[2][ROUNDS];
            measure(perNode, op, threads, 1);
            measure(shared, op, threads, 1);
            for (int round = 0; round < ROUNDS; round++) {
              rates[0][round] = measure(perNode, op, threads, seconds);
              rates[1][round] = measure(shared, op, threads, seconds);
            }
            print(nodes, Layout.CLIENT_PER_NODE, threads, op, rates[0]);
            print(nodes, Layout.SHARED_CLIENT, threads, op, rates[1]);
          }
        }
      }
    }
  }

  private static void print(int nodes, Layout layout, int threads, Op op, double[] rates) {
    double[] sorted = rates.clone();
    java.util.Arrays.sort(sorted);
    StringBuilder all = new StringBuilder();
    for (double rate : rates) {
      all.append(String.format("%8.0f", rate));
    }
    System.out.printf("%-6d %-16s %-8d %-4s %14.0f   %s%n", nodes, layout, threads, op,
        sorted[sorted.length / 2], all);
  }

  private static double measure(Clients clients, Op op, int threads, int seconds) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    LongAdder done = new LongAdder();
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    List<Future<?>> running = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      running.add(pool.submit(() -> {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (System.nanoTime() < end) {
          int node = random.nextInt(clients.size());
          String key = "bench:" + random.nextInt(KEYS);
          clients.run(node, op, key);
          done.increment();
        }
        return null;
      }));
    }
    for (Future<?> f : running) {
      f.get();
    }
    pool.shutdown();
    return done.sum() / (double) seconds;
  }

  /** The clients of one layout, with the single operation the benchmark needs. */
  private static final class Clients implements AutoCloseable {
    private final List<MemcachedClient> perNode;
    private final ThreadLocal<Integer> pinned = new ThreadLocal<>();
    private final int size;

    private Clients(List<MemcachedClient> perNode, int size) {
      this.perNode = perNode;
      this.size = size;
    }

    static Clients open(Layout layout, List<InetSocketAddress> addresses) throws IOException {
      List<MemcachedClient> clients = new ArrayList<>();
      if (layout == Layout.CLIENT_PER_NODE) {
        for (InetSocketAddress address : addresses) {
          clients.add(new MemcachedClient(new BenchConnectionFactory(null), List.of(address)));
        }
        Clients perNode = new Clients(clients, addresses.size());
        perNode.awaitConnected();
        return perNode;
      }
      Clients shared = new Clients(clients, addresses.size());
      clients.add(new MemcachedClient(new BenchConnectionFactory(shared.pinned), addresses));
      shared.awaitConnected();
      return shared;
    }

    /** Spymemcached connects in the background; with FailureMode.Cancel early ops would fail. */
    private void awaitConnected() throws IOException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      for (MemcachedClient client : perNode) {
        for (MemcachedNode node : client.getNodeLocator().getAll()) {
          while (!node.isActive()) {
            if (System.nanoTime() > deadline) {
              throw new IOException("not connected: " + node.getSocketAddress());
            }
            Thread.onSpinWait();
          }
        }
      }
    }

    int size() {
      return size;
    }

    void run(int node, Op op, String key) throws Exception {
      MemcachedClient client;
      if (perNode.size() == size) {
        client = perNode.get(node);
      } else {
        client = perNode.get(0);
        pinned.set(node);
      }
      try {
        if (op == Op.SET) {
          client.set(key, 0, VALUE, BYTES).get(1, TimeUnit.SECONDS);
        } else {
          client.asyncGet(key, BYTES).get(1, TimeUnit.SECONDS);
        }
      } finally {
        pinned.remove();
      }
    }

    @Override
    public void close() {
      perNode.forEach(c -> c.shutdown(1, TimeUnit.SECONDS));
    }
  }

  private static final class BenchConnectionFactory extends DefaultConnectionFactory {
    private final ThreadLocal<Integer> pinned;

    BenchConnectionFactory(ThreadLocal<Integer> pinned) {
      this.pinned = pinned;
    }

    @Override
    public NodeLocator createLocator(List<MemcachedNode> nodes) {
      return pinned == null ? super.createLocator(nodes) : new BenchLocator(nodes, pinned);
    }

    @Override
    public FailureMode getFailureMode() {
      return FailureMode.Cancel;
    }

    @Override
    public boolean isDaemon() {
      return true;
    }
  }

  /** The same idea as the product's PinnedNodeLocator (package-private there). */
  private record BenchLocator(List<MemcachedNode> nodes, ThreadLocal<Integer> pinned) implements NodeLocator {
    @Override
    public MemcachedNode getPrimary(String key) {
      return nodes.get(pinned.get());
    }

    @Override
    public java.util.Iterator<MemcachedNode> getSequence(String key) {
      return List.of(getPrimary(key)).iterator();
    }

    @Override
    public java.util.Collection<MemcachedNode> getAll() {
      return nodes;
    }

    @Override
    public NodeLocator getReadonlyCopy() {
      return this;
    }

    @Override
    public void updateLocator(List<MemcachedNode> newNodes) {
      throw new UnsupportedOperationException("fixed node list");
    }
  }

  private static final Transcoder<byte[]> BYTES = new Transcoder<>() {
    @Override
    public boolean asyncDecode(CachedData d) {
      return false;
    }

    @Override
    public CachedData encode(byte[] o) {
      return new CachedData(0, o, getMaxSize());
    }

    @Override
    public byte[] decode(CachedData d) {
      return d.getData();
    }

    @Override
    public int getMaxSize() {
      return CachedData.MAX_SIZE;
    }
  };
}
