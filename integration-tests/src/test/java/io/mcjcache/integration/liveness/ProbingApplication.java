package io.mcjcache.integration.liveness;

import io.mcjcache.cluster.RoutedClusterStore;
import java.io.IOException;
import java.net.URI;
import javax.cache.CacheManager;
import javax.cache.Caching;

/**
 * A child JVM of {@link SharedProbingTest}: an application process that only opens a cache manager on the
 * URI given as its argument and reports, every 100 ms, how many rounds it probed the nodes itself
 * ({@code rounds <n>}). It exits when its standard input closes, so it never outlives its test.
 */
public final class ProbingApplication {
  private ProbingApplication() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    try (CacheManager manager = Caching.getCachingProvider("io.mcjcache.MemcachedCachingProvider")
        .getCacheManager(URI.create(args[0]), ProbingApplication.class.getClassLoader())) {
      RoutedClusterStore store = manager.unwrap(RoutedClusterStore.class);
      Thread reporter = new Thread(() -> {
        while (true) {
          System.out.println("rounds " + store.figures().getProbeRounds());
          System.out.flush();
          try {
            Thread.sleep(100);
          } catch (InterruptedException e) {
            return;
          }
        }
      }, "reporter");
      reporter.setDaemon(true);
      reporter.start();
      while (System.in.read() >= 0) {
        // until the test closes standard input (or dies)
      }
    }
  }
}
