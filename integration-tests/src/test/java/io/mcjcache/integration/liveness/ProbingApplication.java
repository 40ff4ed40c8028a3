package io.mcjcache.integration.liveness;

import io.mcjcache.cluster.RoutedClusterStore;
import io.mcjcache.integration.ChildSide;
import java.io.IOException;
import java.net.URI;
import javax.cache.CacheManager;
import javax.cache.Caching;

/**
 * A child JVM of {@link SharedProbingTest}: an application process that only opens a cache manager on the
 * URI given as its argument and reports, every 100 ms, how many rounds it probed the nodes itself
 * ({@code rounds <n>}). It exits when its standard input ends (its test killed it, or died).
 */
public final class ProbingApplication {
  /** The start of each report line. */
  static final String ROUNDS = "rounds ";

  private ProbingApplication() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    try (CacheManager manager = Caching.getCachingProvider("io.mcjcache.MemcachedCachingProvider")
        .getCacheManager(URI.create(args[0]), ProbingApplication.class.getClassLoader())) {
      RoutedClusterStore store = manager.unwrap(RoutedClusterStore.class);
      Thread reporter = new Thread(() -> {
        while (true) {
          ChildSide.say(ROUNDS + store.figures().getProbeRounds());
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
