package io.mcjcache.near;

import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * Where a near cache reports what an operator sees in the router figures: reads it answered without the
 * servers, and keys it fetched again in the background (those are router operations too, so the figure
 * explains traffic that no application call made).
 *
 * <p>Hits are pulled, not pushed: each near cache hands over its own hit count when it opens and takes
 * it back (with what it counted) when it closes, and the figure sums them when read. A counter shared by
 * all caches and bumped on every hit would be one cache line written by every reader thread: on the near
 * cache's benchmark (docs/performance.md, "The hit path") that was the costliest single write of a near hit.
 *
 * @param hitCounterOpened told of a near cache's hit count when the near cache opens
 * @param hitCounterClosed told of the same count when it closes; its hits so far stay in the figure
 * @param refreshFetches told how many keys each background refresh asked the servers for
 */
public record NearFigures(Consumer<LongSupplier> hitCounterOpened, Consumer<LongSupplier> hitCounterClosed,
    LongConsumer refreshFetches) {

  /** Reports to nobody: a store without router figures, and tests. */
  public static final NearFigures NONE = new NearFigures(counter -> {}, counter -> {}, count -> {});

  public NearFigures {
    Objects.requireNonNull(hitCounterOpened, "hitCounterOpened");
    Objects.requireNonNull(hitCounterClosed, "hitCounterClosed");
    Objects.requireNonNull(refreshFetches, "refreshFetches");
  }
}
