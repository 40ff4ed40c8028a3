package io.mcjcache.integration.liveness;

import static io.mcjcache.integration.ChildSide.exitWhenInputEnds;
import static io.mcjcache.integration.ChildSide.oneLine;
import static io.mcjcache.integration.ChildSide.say;

import io.mcjcache.cluster.RoutedClusterStore;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;

/**
 * One client JVM of {@link HostSharedViewTest}: opens its own mcjcache manager on the cluster and runs a
 * seeded random mix of {@code put} (40%), {@code remove} (10%) and {@code get} (50%) on a key set it shares
 * with the other client JVMs, logging every operation with {@link System#nanoTime()} at its start and end.
 * On Linux that clock is {@code CLOCK_MONOTONIC}, one clock for every process of the host, so the parent
 * can order the operations of all clients (and its own faults) by it.
 *
 * <p>Arguments: {@code uri cacheName process seed durationMs threads keys historyFile}. Keys are
 * {@code k0 ... k<keys-1>}; every value put is unique in the run: {@code p<process>-<n>}.
 *
 * <p>The history file holds one line per operation, in {@link HistoryChecker.Operation#parse the checker's
 * format}: {@code <kind> <key> <value> <startNanos> <endNanos> <thread> [<error>]} where kind is
 * {@code put}, {@code remove} (value {@code true}/{@code false}, what it returned) or {@code get} (value
 * the one read, or {@code null}), followed by {@code !} when the call threw (its outcome unknown).
 *
 * <p>A thread pauses 1 ms after a call that threw. A sampler thread looks at the router's view every
 * millisecond and writes it to {@code c<process>.views} beside the history whenever it changed
 * ({@code <nanoTime> shared|own <ClusterView>}), so that a report can say what each process believed
 * and when it stopped sharing the host file.
 *
 * <p>Protocol on stdin/stdout, one line each: prints {@code ready <liveness view>} once the cache is open
 * (the view as the router's figures describe it: {@code host file <path>} or {@code own}), then waits for
 * {@code go} on stdin; at the end prints {@code done ops=<n> failed=<m> view=<liveness view>} (the view
 * it ended with) and exits 0. It exits (status 3) as soon as its stdin closes, so it never outlives the
 * test that started it.
 */
public final class KeyMixClient {
  static final String READY = "ready ";
  static final String GO = "go";
  static final String FAILURE = "failure ";
  static final String DONE = "done ";
  static final String VIEW = " view=";
  private static final int FAILURES_SHOWN = 5;
  private static final long FAILURE_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  private KeyMixClient() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 8) {
      System.err.println("usage: KeyMixClient uri cacheName process seed durationMs threads keys historyFile");
      System.exit(2);
    }
    URI uri = URI.create(args[0]);
    String cacheName = args[1];
    int process = Integer.parseInt(args[2]);
    long seed = Long.parseLong(args[3]);
    long durationMs = Long.parseLong(args[4]);
    int threads = Integer.parseInt(args[5]);
    int keys = Integer.parseInt(args[6]);
    Path historyFile = Path.of(args[7]);

    CacheManager manager = Caching.getCachingProvider("io.mcjcache.MemcachedCachingProvider")
        .getCacheManager(uri, KeyMixClient.class.getClassLoader());
    Cache<String, String> cache = manager.createCache(cacheName,
        new MutableConfiguration<String, String>().setTypes(String.class, String.class));
    RoutedClusterStore store = manager.unwrap(RoutedClusterStore.class);
    String view = store.figures().getLivenessView();

    BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    say(READY + view);
    String command = stdin.readLine();
    if (!GO.equals(command)) {
      System.err.println("expected '" + GO + "' on stdin, got " + command);
      System.exit(3);
    }
    exitWhenInputEnds(stdin);

    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(durationMs);
    AtomicLong values = new AtomicLong();
    AtomicLong operations = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    List<Thread> workers = new ArrayList<>();
    Path viewsFile = historyFile.resolveSibling(
        historyFile.getFileName().toString().replace(".history", "") + ".views");
    try (BufferedWriter history = Files.newBufferedWriter(historyFile, StandardCharsets.UTF_8);
        BufferedWriter views = Files.newBufferedWriter(viewsFile, StandardCharsets.UTF_8)) {
      Thread sampler = new Thread(() -> sampleViews(store, deadline, views), "view-sampler");
      sampler.setDaemon(true);
      sampler.start();
      for (int t = 0; t < threads; t++) {
        Random random = new Random(seed * 31 + t);
        String thread = "t" + t;
        Thread worker = new Thread(() -> {
          while (System.nanoTime() < deadline) {
            String key = "k" + random.nextInt(keys);
            int dice = random.nextInt(100);
            String kind = dice < 40 ? "put" : dice < 50 ? "remove" : "get";
            String value = kind.equals("put") ? "p" + process + "-" + values.incrementAndGet() : "?";
            String error = null;
            long start = System.nanoTime();
            try {
              switch (kind) {
                case "put" -> cache.put(key, value);
                case "remove" -> value = Boolean.toString(cache.remove(key));
                default -> value = String.valueOf(cache.get(key));
              }
            } catch (RuntimeException e) {
              error = oneLine(e); // the outcome is unknown: the checker takes the call as maybe done
            }
            long end = System.nanoTime();
            operations.incrementAndGet();
            String line = kind + (error == null ? "" : "!") + " " + key + " " + value + " " + start + " " + end + " "
                + thread + (error == null ? "" : " " + error);
            if (error != null && failed.incrementAndGet() <= FAILURES_SHOWN) {
              say(FAILURE + line);
            }
            synchronized (history) {
              try {
                history.write(line);
                history.newLine();
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            }
            if (error != null) {
              // A breath after a failure, as a real client takes: while every node is down (allDown=error
              // fails at once) the threads would otherwise spin and starve the host's 2 cores.
              LockSupport.parkNanos(FAILURE_PAUSE_NANOS);
            }
          }
        }, "mix-" + t);
        worker.setUncaughtExceptionHandler((dead, e) -> {
          System.out.println("worker " + dead.getName() + " died: " + oneLine(e));
          System.out.flush();
          Runtime.getRuntime().halt(4);
        });
        workers.add(worker);
        worker.start();
      }
      for (Thread worker : workers) {
        worker.join();
      }
      sampler.join();
    }
    say(DONE + "ops=" + operations.get() + " failed=" + failed.get() + VIEW + store.figures().getLivenessView());
    try {
      manager.close();
    } finally {
      System.exit(0);
    }
  }

  /**
   * Every millisecond until {@code deadline}, the router's view, written to {@code out} when it changed:
   * {@code <nanoTime> shared|own <ClusterView>} ({@code shared} while the view comes from the host file),
   * for a report to show what each process believed.
   */
  private static void sampleViews(RoutedClusterStore store, long deadline, BufferedWriter out) {
    String last = null;
    try {
      while (System.nanoTime() < deadline) {
        String source = store.figures().getLivenessView().startsWith("host file ") ? "shared" : "own";
        String now = source + " " + store.view();
        if (!now.equals(last)) {
          out.write(System.nanoTime() + " " + now);
          out.newLine();
          last = now;
        }
        Thread.sleep(1);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
