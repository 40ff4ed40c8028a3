package io.mcjcache.bench;

import io.mcjcache.bench.RoundStatistics.GoalVerdict;
import io.mcjcache.bench.RoundStatistics.Ratio;
import io.mcjcache.bench.RoundStatistics.Rounds;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The results of {@link Suite}'s rounds as Markdown tables. Each row (peer, operation, parameters, key
 * pattern, threads) is summed up by the median of its rounds and their spread; each mcjcache row is set
 * against the raw spymemcached call that is its floor and against Redisson's JCache doing the same
 * operation, with the ratio of the medians, the range of the per-round ratios, whether the difference is
 * real or within noise, and the goal of docs/performance.md ("Against the goals") that applies, met, missed
 * or undecided; all by the rules of {@link RoundStatistics}. Missing rows (a benchmark that failed or was not
 * selected) show as a dash, never as a guess.
 */
public final class RatioReport {
  /** mcjcache's allocation per call may be at most this many times raw spymemcached's (every operation). */
  static final double ALLOCATION_GOAL = 1.5;
  /** mcjcache must be at least this many times as fast as Redisson's JCache, at 2 client threads. */
  static final double REDISSON_GOAL = 1.3;
  static final int REDISSON_GOAL_THREADS = 2;
  /** Raw spymemcached's parameter for the keys and item bytes it sends ({@link WireForm}). */
  private static final String FORMAT = "format";

  private static final List<String> PEER_ORDER = List.of(ResultRow.MCJCACHE, ResultRow.RAW_SPYMEMCACHED,
      ResultRow.REDISSON, ResultRow.CAFFEINE);

  private final List<Series> series;
  private final Map<GoalVerdict, Integer> tally = new EnumMap<>(GoalVerdict.class);

  /** The rows of all rounds; rows that differ only in their round are one {@link Series}. */
  public RatioReport(List<ResultRow> rows) {
    Map<SeriesKey, List<ResultRow>> grouped = rows.stream()
        .collect(Collectors.groupingBy(SeriesKey::of, LinkedHashMap::new, Collectors.toList()));
    this.series = grouped.entrySet().stream().map(e -> Series.of(e.getKey(), e.getValue())).sorted(tableOrder())
        .toList();
  }

  /**
   * The goal on mcjcache's ratio to its raw spymemcached floor (near cache off), by operation and
   * {@code mirror}: get and getAll(100) at least 0.95x whatever the mirroring; put and putAll(100) at least
   * 0.95x with {@code mirror=none}, 0.85x and 0.75x with {@code pairs}.
   */
  static OptionalDouble rawGoal(Operation op, String mirror) {
    return switch (op) {
      case GET, GET_ALL -> OptionalDouble.of(0.95);
      case PUT -> "none".equals(mirror) ? OptionalDouble.of(0.95)
          : "pairs".equals(mirror) ? OptionalDouble.of(0.85) : OptionalDouble.empty();
      case PUT_ALL -> "none".equals(mirror) ? OptionalDouble.of(0.95)
          : "pairs".equals(mirror) ? OptionalDouble.of(0.75) : OptionalDouble.empty();
    };
  }

  public String toMarkdown() {
    tally.clear();
    StringBuilder out = new StringBuilder();
    List<Series> mcjcache = series.stream().filter(s -> s.peer().equals(ResultRow.MCJCACHE)).toList();
    List<String> shownSettings = shownSettings(mcjcache);
    if (!mcjcache.isEmpty()) {
      SortedMap<String, String> common = new TreeMap<>(mcjcache.get(0).variant());
      common.keySet().removeAll(shownSettings);
      if (!common.isEmpty()) {
        out.append("mcjcache settings in every row below: `").append(text(common)).append("`.\n\n");
      }
    }
    for (KeyPattern pattern : KeyPattern.values()) {
      List<Series> rows = mcjcache.stream().filter(s -> s.pattern() == pattern).toList();
      if (rows.isEmpty()) {
        continue;
      }
      appendAgainstRaw(out, pattern, rows, shownSettings);
      appendAgainstBothCopies(out, pattern, rows, shownSettings);
      appendAgainstMcjcacheBytes(out, pattern, rows, shownSettings);
      if (rows.stream().anyMatch(s -> s.allocation().count() > 0)) {
        appendAllocation(out, pattern, rows, shownSettings);
      }
      if (series.stream().anyMatch(s -> s.peer().equals(ResultRow.REDISSON) && s.pattern() == pattern)) {
        appendAgainstRedisson(out, pattern, rows, shownSettings);
      }
    }
    appendEveryRow(out);
    if (!tally.isEmpty()) {
      out.append("Goals: ").append(tally.entrySet().stream()
          .map(e -> e.getValue() + " " + e.getKey().text().replace("*", ""))
          .collect(Collectors.joining(", "))).append(".\n");
    }
    return out.toString();
  }

  private void appendAgainstRaw(StringBuilder out, KeyPattern pattern, List<Series> rows, List<String> shown) {
    out.append("#### ").append(pattern).append(": mcjcache against raw spymemcached (calls/s)\n\n")
        .append("| operation | settings | threads | mcjcache: median (spread) | raw: median (spread) "
            + "| ratio [per-round range] | difference | goal | verdict |\n")
        .append("|---|---|---:|---:|---:|---|---|---|---|\n");
    for (Series row : rows) {
      Optional<Operation> op = row.op();
      Optional<Series> raw = op.flatMap(o -> find(ResultRow.RAW_SPYMEMCACHED, o.rawMethod(), row));
      Rounds rawRounds = raw.map(Series::throughput).orElse(Rounds.of());
      Ratio ratio = Ratio.of(row.throughput(), rawRounds);
      OptionalDouble goal = row.isMcjcacheWithoutNearCache() && op.isPresent()
          ? rawGoal(op.get(), row.variant().get("mirror"))
          : OptionalDouble.empty();
      out.append("| ").append(op.map(o -> o.label() + " / " + o.rawLabel()).orElse(row.operation()))
          .append(" | ").append(settings(row, shown))
          .append(" | ").append(row.threads())
          .append(" | ").append(medianAndSpread(row.throughput()))
          .append(" | ").append(medianAndSpread(rawRounds))
          .append(" | ").append(ratioText(ratio))
          .append(" | ").append(RoundStatistics.compare(row.throughput(), rawRounds).text())
          .append(" | ").append(goal.isPresent() ? ">= " + goal.getAsDouble() + "x" : "-")
          .append(" | ").append(goal.isPresent() ? count(ratio.atLeast(goal.getAsDouble())) : "-")
          .append(" |\n");
    }
    out.append('\n');
  }

  /**
   * The mirrored writes against raw spymemcached writing both copies (no goal: it shows how much of what a
   * mirrored write costs more than one write is the second copy itself on this machine). Only when the raw
   * two-copy benchmarks ran.
   */
  private void appendAgainstBothCopies(StringBuilder out, KeyPattern pattern, List<Series> rows, List<String> shown) {
    appendAgainstFloor(out, pattern + ": mirrored writes against raw spymemcached writing both copies",
        "raw, both copies", rows, shown, row -> "pairs".equals(row.variant().get("mirror"))
            ? row.op().flatMap(Operation::rawTwiceMethod).flatMap(m -> find(ResultRow.RAW_SPYMEMCACHED, m, row))
            : Optional.empty());
  }

  /**
   * mcjcache against raw spymemcached sending mcjcache's own keys and items ({@link WireForm}), for a mirrored
   * write both copies (no goal: it separates what mcjcache's format costs on the wire from what the library
   * does). Only when those raw rows ran ({@code -p format=raw,mcjcache}).
   */
  private void appendAgainstMcjcacheBytes(StringBuilder out, KeyPattern pattern, List<Series> rows,
      List<String> shown) {
    appendAgainstFloor(out, pattern + ": mcjcache against raw spymemcached sending mcjcache's keys and items "
        + "(calls/s)", "raw, mcjcache's bytes", rows, shown, this::mcjcacheBytesFloor);
  }

  /** A table of mcjcache's rows (near cache off) that have a row in {@code floor}, throughput and bytes alike. */
  private void appendAgainstFloor(StringBuilder out, String title, String floorColumn, List<Series> rows,
      List<String> shown, Function<Series, Optional<Series>> floor) {
    List<Series> compared = rows.stream()
        .filter(row -> row.isMcjcacheWithoutNearCache() && floor.apply(row).isPresent())
        .toList();
    if (compared.isEmpty()) {
      return;
    }
    out.append("#### ").append(title).append("\n\n")
        .append("| operation | settings | threads | mcjcache: median (spread) | ").append(floorColumn)
        .append(": median (spread) | ratio [per-round range] | difference | bytes/call ratio [per-round range] |\n")
        .append("|---|---|---:|---:|---:|---|---|---|\n");
    for (Series row : compared) {
      Series raw = floor.apply(row).orElseThrow();
      Operation op = row.op().orElseThrow();
      out.append("| ").append(op.label()).append(" / ").append(op.rawLabel(raw.operation()))
          .append(" | ").append(settings(row, shown))
          .append(" | ").append(row.threads())
          .append(" | ").append(medianAndSpread(row.throughput()))
          .append(" | ").append(medianAndSpread(raw.throughput()))
          .append(" | ").append(ratioText(Ratio.of(row.throughput(), raw.throughput())))
          .append(" | ").append(RoundStatistics.compare(row.throughput(), raw.throughput()).text())
          .append(" | ").append(ratioText(Ratio.of(row.allocation(), raw.allocation())))
          .append(" |\n");
    }
    out.append('\n');
  }

  /** The raw row in mcjcache's format that does what {@code row} does: both copies for a mirrored write. */
  private Optional<Series> mcjcacheBytesFloor(Series row) {
    return row.op().flatMap(op -> {
      String method = "pairs".equals(row.variant().get("mirror")) ? op.rawTwiceMethod().orElse(op.rawMethod())
          : op.rawMethod();
      return find(ResultRow.RAW_SPYMEMCACHED, method, row, true);
    });
  }

  private void appendAllocation(StringBuilder out, KeyPattern pattern, List<Series> rows, List<String> shown) {
    out.append("#### ").append(pattern).append(": bytes allocated per call (-prof gc, ").append(ResultRow.ALLOCATION)
        .append(")\n\n")
        .append("| operation | settings | threads | mcjcache: median | raw: median | ratio [per-round range] "
            + "| goal | verdict |\n")
        .append("|---|---|---:|---:|---:|---|---|---|\n");
    for (Series row : rows) {
      Optional<Operation> op = row.op();
      Rounds raw = op.flatMap(o -> find(ResultRow.RAW_SPYMEMCACHED, o.rawMethod(), row))
          .map(Series::allocation).orElse(Rounds.of());
      Ratio ratio = Ratio.of(row.allocation(), raw);
      boolean goal = row.isMcjcacheWithoutNearCache() && op.isPresent();
      out.append("| ").append(op.map(o -> o.label() + " / " + o.rawLabel()).orElse(row.operation()))
          .append(" | ").append(settings(row, shown))
          .append(" | ").append(row.threads())
          .append(" | ").append(format("%,.0f", row.allocation().median()))
          .append(" | ").append(format("%,.0f", raw.median()))
          .append(" | ").append(ratioText(ratio))
          .append(" | ").append(goal ? "<= " + ALLOCATION_GOAL + "x" : "-")
          .append(" | ").append(goal ? count(ratio.atMost(ALLOCATION_GOAL)) : "-")
          .append(" |\n");
    }
    out.append('\n');
  }

  private void appendAgainstRedisson(StringBuilder out, KeyPattern pattern, List<Series> rows, List<String> shown) {
    out.append("#### ").append(pattern).append(": mcjcache against Redisson JCache (calls/s)\n\n")
        .append("| operation | settings | threads | mcjcache: median (spread) | Redisson: median (spread) "
            + "| ratio [per-round range] | difference | goal | verdict |\n")
        .append("|---|---|---:|---:|---:|---|---|---|---|\n");
    for (Series row : rows) {
      Rounds redisson = find(ResultRow.REDISSON, row.operation(), row).map(Series::throughput).orElse(Rounds.of());
      Ratio ratio = Ratio.of(row.throughput(), redisson);
      boolean goal = row.isMcjcacheWithoutNearCache() && row.threads() == REDISSON_GOAL_THREADS;
      out.append("| ").append(row.op().map(Operation::label).orElse(row.operation()))
          .append(" | ").append(settings(row, shown))
          .append(" | ").append(row.threads())
          .append(" | ").append(medianAndSpread(row.throughput()))
          .append(" | ").append(medianAndSpread(redisson))
          .append(" | ").append(ratioText(ratio))
          .append(" | ").append(RoundStatistics.compare(row.throughput(), redisson).text())
          .append(" | ").append(goal ? ">= " + REDISSON_GOAL + "x" : "-")
          .append(" | ").append(goal ? count(ratio.atLeast(REDISSON_GOAL)) : "-")
          .append(" |\n");
    }
    out.append('\n');
  }

  private void appendEveryRow(StringBuilder out) {
    if (series.isEmpty()) {
      return;
    }
    out.append("#### Every row (calls/s over the rounds)\n\n")
        .append("| keys | threads | peer | settings | operation | rounds | median | min..max | spread "
            + "| bytes/call (median) |\n")
        .append("|---|---:|---|---|---|---:|---:|---:|---:|---:|\n");
    List<Series> sorted = series.stream()
        .sorted(Comparator.comparing(Series::pattern).thenComparingInt(Series::threads).thenComparing(tableOrder()))
        .toList();
    for (Series row : sorted) {
      Rounds rounds = row.throughput();
      out.append("| ").append(row.pattern())
          .append(" | ").append(row.threads())
          .append(" | ").append(row.peer())
          .append(" | ").append(text(row.variant()))
          .append(" | ").append(row.op().map(o -> row.peer().equals(ResultRow.RAW_SPYMEMCACHED)
              ? o.rawLabel(row.operation()) : o.label()).orElse(row.operation()))
          .append(" | ").append(rounds.count())
          .append(" | ").append(format("%,.0f", rounds.median()))
          .append(" | ").append(format("%,.0f", rounds.min())).append("..").append(format("%,.0f", rounds.max()))
          .append(" | ").append(format("%.0f%%", rounds.spread() * 100))
          .append(" | ").append(format("%,.0f", row.allocation().median()))
          .append(" |\n");
    }
    out.append('\n');
  }

  private String count(GoalVerdict verdict) {
    tally.merge(verdict, 1, Integer::sum);
    return verdict.text();
  }

  /** The row of {@code peer} doing {@code operation} like {@code like}; raw spymemcached's in its own format. */
  private Optional<Series> find(String peer, String operation, Series like) {
    return find(peer, operation, like, false);
  }

  /** Like {@link #find(String, String, Series)}, the raw row sending mcjcache's bytes when {@code mcjcacheBytes}. */
  private Optional<Series> find(String peer, String operation, Series like, boolean mcjcacheBytes) {
    return series.stream()
        .filter(s -> s.peer().equals(peer) && s.operation().equals(operation) && s.pattern() == like.pattern()
            && s.threads() == like.threads() && WireForm.MCJCACHE.equals(s.variant().get(FORMAT)) == mcjcacheBytes)
        .findFirst();
  }

  /** mirror, and whichever other mcjcache parameters differ between the rows; the rest is said once. */
  private static List<String> shownSettings(List<Series> rows) {
    TreeSet<String> keys = new TreeSet<>();
    rows.forEach(row -> keys.addAll(row.variant().keySet()));
    return keys.stream()
        .filter(key -> key.equals("mirror") || rows.stream().map(row -> row.variant().get(key)).distinct().count() > 1)
        .toList();
  }

  private static String settings(Series row, List<String> shown) {
    SortedMap<String, String> visible = new TreeMap<>(row.variant());
    visible.keySet().retainAll(shown);
    return text(visible);
  }

  private static String text(Map<String, String> variant) {
    return variant.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
  }

  private static String medianAndSpread(Rounds rounds) {
    if (rounds.count() == 0) {
      return "-";
    }
    return format("%,.0f", rounds.median()) + " (" + format("%.0f%%", rounds.spread() * 100) + ")";
  }

  private static String ratioText(Ratio ratio) {
    if (ratio.pairs() == 0) {
      return "-";
    }
    return format("%.2fx", ratio.median()) + " [" + format("%.2f", ratio.min()) + "-" + format("%.2f", ratio.max())
        + "]";
  }

  private static Comparator<Series> tableOrder() {
    return Comparator.<Series>comparingInt(s -> s.op().map(Enum::ordinal).orElse(Integer.MAX_VALUE))
        .thenComparingInt(s -> PEER_ORDER.indexOf(s.peer()))
        .thenComparing(s -> text(s.variant()))
        .thenComparingInt(Series::threads);
  }

  private static String format(String pattern, double value) {
    return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, pattern, value);
  }

  private record SeriesKey(String peer, String operation, SortedMap<String, String> variant, KeyPattern pattern,
      int threads) {
    static SeriesKey of(ResultRow row) {
      return new SeriesKey(row.peer(), row.operation(), row.variant(), row.pattern(), row.threads());
    }
  }

  /** One row of the tables: a peer's benchmark with its parameters, over all rounds. */
  record Series(String peer, String operation, SortedMap<String, String> variant, KeyPattern pattern, int threads,
      Rounds throughput, Rounds allocation) {
    static Series of(SeriesKey key, List<ResultRow> rows) {
      return new Series(key.peer(), key.operation(), key.variant(), key.pattern(), key.threads(),
          rounds(rows, ResultRow::opsPerSecond), rounds(rows, ResultRow::bytesPerOperation));
    }

    private static Rounds rounds(List<ResultRow> rows, Function<ResultRow, Double> score) {
      SortedMap<Integer, Double> byRound = new TreeMap<>();
      for (ResultRow row : rows) {
        Double previous = byRound.put(row.round(), score.apply(row));
        if (previous != null) {
          throw new IllegalArgumentException("two results of round " + row.round() + " for " + row);
        }
      }
      return new Rounds(byRound);
    }

    Optional<Operation> op() {
      return Operation.of(peer, operation);
    }

    boolean isMcjcacheWithoutNearCache() {
      return peer.equals(ResultRow.MCJCACHE) && Objects.equals(variant.get("nearCacheMaxEntries"), "0");
    }
  }
}
