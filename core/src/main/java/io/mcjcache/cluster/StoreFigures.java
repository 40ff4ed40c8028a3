package io.mcjcache.cluster;

import java.util.function.LongSupplier;

/**
 * What the layers above a store report into the store's figures for operators: a near cache's hits
 * (reads the servers never saw) and its background refresh fetches (docs/near-cache.md). A store reaches
 * the JCache layer only as a {@link ClusterStore}, so this is how the cache manager finds where to report,
 * without knowing which store it has; {@link RouterFigures} is the routed store's.
 */
public interface StoreFigures {
  /** For stores that keep no figures: every report is dropped. */
  StoreFigures NONE = new StoreFigures() {
    @Override
    public void addNearHitCounter(LongSupplier counter) {}

    @Override
    public void removeNearHitCounter(LongSupplier counter) {}

    @Override
    public void recordNearRefreshFetches(long keys) {}
  };

  /** Starts summing {@code counter}, a near cache's own hit count, into the near-hit figure. */
  void addNearHitCounter(LongSupplier counter);

  /** Stops reading {@code counter} (its near cache closed); the hits it counted stay in the figure. */
  void removeNearHitCounter(LongSupplier counter);

  /** Keys a near cache asked the servers for in the background (refresh ahead). */
  void recordNearRefreshFetches(long keys);
}
