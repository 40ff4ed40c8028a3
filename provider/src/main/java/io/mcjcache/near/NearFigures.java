package io.mcjcache.near;

import java.util.Objects;
import java.util.function.LongConsumer;

/**
 * Where a near cache reports what an operator sees in the router figures: reads it answered without the
 * servers, and keys it fetched again in the background (those are router operations too, so the figure
 * explains traffic that no application call made).
 *
 * @param hits told how many reads each call answered from the near cache
 * @param refreshFetches told how many keys each background refresh asked the servers for
 */
public record NearFigures(LongConsumer hits, LongConsumer refreshFetches) {

  /** Reports to nobody: a store without router figures, and tests. */
  public static final NearFigures NONE = new NearFigures(count -> { }, count -> { });

  public NearFigures {
    Objects.requireNonNull(hits, "hits");
    Objects.requireNonNull(refreshFetches, "refreshFetches");
  }
}
