package io.mcjcache.integration.liveness;

import io.mcjcache.cluster.RoutedClusterStore;
import io.mcjcache.integration.ChildSide;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;

/**
 * A child JVM of {@link CrossHostViewTest}: one application process, on a host of its own as far as
 * liveness goes (the URI says {@code liveness.file=none}), driven one step at a time through its standard
 * input. Arguments: {@code uri cacheName keys}; keys are {@code k0 ... k<keys-1>}.
 *
 * <p>Commands, each answered with one line that starts with {@code done <id>}:
 * <ul>
 *   <li>{@code <id> write <value>}: puts every key to the value; answers {@code done <id> failed=<n>}.
 *   <li>{@code <id> read <value>}: reads every key in passes until three passes in a row found no key
 *       holding another value than {@code <value>} or nothing; answers {@code done <id> stale=<n>
 *       windowMs=<ms> passes=<p> failed=<f>}: the reads that returned another value, and how long after
 *       the command the last of them began.
 *   <li>{@code <id> check <value>}: reads every key once; answers {@code done <id> stale=<n>}: the reads that
 *       returned a value other than {@code <value>}.
 *   <li>{@code <id> view}: answers {@code done <id> alive=<comma-separated nodes> recordReads=<n>
 *       fromCluster=<n> flushes=<n>}.
 * </ul>
 * It prints {@code ready <liveness view>} once its cache is open, and exits when its standard input ends.
 */
public final class StepClient {
  static final String READY = "ready ";

  private StepClient() {}

  public static void main(String[] args) throws Exception {
    URI uri = URI.create(args[0]);
    String cacheName = args[1];
    int keys = Integer.parseInt(args[2]);
    try (CacheManager manager = Caching.getCachingProvider("io.mcjcache.MemcachedCachingProvider")
        .getCacheManager(uri, StepClient.class.getClassLoader())) {
      Cache<String, String> cache = manager.createCache(cacheName,
          new MutableConfiguration<String, String>().setTypes(String.class, String.class));
      RoutedClusterStore store = manager.unwrap(RoutedClusterStore.class);
      ChildSide.say(READY + store.figures().getLivenessView());
      BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      String line;
      while ((line = stdin.readLine()) != null) {
        String[] words = line.split(" ");
        String id = words[0];
        switch (words[1]) {
          case "write" -> ChildSide.say("done " + id + " failed=" + writeAll(cache, keys, words[2]));
          case "read" -> ChildSide.say("done " + id + " " + readUntilClean(cache, keys, words[2]));
          case "check" -> ChildSide.say("done " + id + " stale=" + readOnce(cache, keys, words[2]));
          case "view" -> ChildSide.say("done " + id + " alive=" + alive(store) + " recordReads="
              + store.figures().getClusterRecordReads() + " fromCluster=" + store.figures().getTransitionsFromCluster()
              + " flushes=" + store.figures().getFlushes());
          default -> ChildSide.say("done " + id + " unknown command " + words[1]);
        }
      }
    }
  }

  private static int writeAll(Cache<String, String> cache, int keys, String value) {
    int failed = 0;
    for (int i = 0; i < keys; i++) {
      try {
        cache.put("k" + i, value);
      } catch (RuntimeException e) {
        failed++;
      }
    }
    return failed;
  }

  private static int readOnce(Cache<String, String> cache, int keys, String expected) {
    int stale = 0;
    for (int i = 0; i < keys; i++) {
      String value = cache.get("k" + i);
      if (value != null && !value.equals(expected)) {
        stale++;
      }
    }
    return stale;
  }

  private static String readUntilClean(Cache<String, String> cache, int keys, String expected) {
    long start = System.nanoTime();
    long lastStale = start;
    int stale = 0;
    int failed = 0;
    int passes = 0;
    int cleanPasses = 0;
    while (cleanPasses < 3) {
      passes++;
      boolean clean = true;
      for (int i = 0; i < keys; i++) {
        long began = System.nanoTime();
        try {
          String value = cache.get("k" + i);
          if (value != null && !value.equals(expected)) {
            stale++;
            lastStale = began;
            clean = false;
          }
        } catch (RuntimeException e) {
          failed++;
        }
      }
      cleanPasses = clean ? cleanPasses + 1 : 0;
    }
    return "stale=" + stale + " windowMs=" + TimeUnit.NANOSECONDS.toMillis(lastStale - start) + " passes=" + passes
        + " failed=" + failed;
  }

  private static String alive(RoutedClusterStore store) {
    StringBuilder nodes = new StringBuilder();
    for (int node = 0; node < store.view().nodeCount(); node++) {
      if (store.view().isAlive(node)) {
        nodes.append(nodes.length() == 0 ? "" : ",").append(node);
      }
    }
    return nodes.toString();
  }
}
