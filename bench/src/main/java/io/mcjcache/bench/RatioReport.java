package io.mcjcache.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The results as Markdown tables, one per key pattern and thread count, each row with its ratio to the raw
 * spymemcached call that is its floor and to Redisson's JCache doing the same operation; then the performance
 * goals (docs/performance.md, "Against the goals"), each marked met or missed. Missing rows (a benchmark that
 * failed or was not selected) show as a dash, never as a guess.
 */
public final class RatioReport {
  private static final List<String> PEER_ORDER = List.of(ResultRow.MCJCACHE, ResultRow.RAW_SPYMEMCACHED,
      ResultRow.REDISSON, ResultRow.CAFFEINE);

  private final List<ResultRow> rows;

  public RatioReport(List<ResultRow> rows) {
    this.rows = List.copyOf(rows);
  }

  public String toMarkdown() {
    StringBuilder out = new StringBuilder();
    TreeSet<Integer> threadCounts = new TreeSet<>();
    rows.forEach(row -> threadCounts.add(row.threads()));
    for (KeyPattern pattern : KeyPattern.values()) {
      for (int threads : threadCounts) {
        List<ResultRow> section = rows.stream()
            .filter(row -> row.pattern() == pattern && row.threads() == threads)
            .sorted(tableOrder())
            .toList();
        if (!section.isEmpty()) {
          appendTable(out, pattern, threads, section);
        }
      }
    }
    appendGoals(out);
    return out.toString();
  }

  private void appendTable(StringBuilder out, KeyPattern pattern, int threads, List<ResultRow> section) {
    out.append("#### ").append(pattern).append(", ").append(threads)
        .append(threads == 1 ? " thread" : " threads").append("\n\n")
        .append(
            "| peer | settings | operation | calls/s | ± (99.9%) | iteration spread | x raw spymemcached | x Redisson |\n")
        .append("|---|---|---|---:|---:|---:|---:|---:|\n");
    for (ResultRow row : section) {
      Optional<Operation> operation = Operation.of(row.peer(), row.operation());
      String label = operation.map(op -> row.peer().equals(ResultRow.RAW_SPYMEMCACHED) ? op.rawLabel() : op.label())
          .orElse(row.operation());
      out.append("| ").append(row.peer())
          .append(" | ").append(row.variantText())
          .append(" | ").append(label)
          .append(" | ").append(format("%,.0f", row.opsPerSecond()))
          .append(" | ").append(format("%,.0f", row.error()))
          .append(" | ").append(format("%.0f%%", row.spread() * 100))
          .append(" | ").append(operation.flatMap(op -> ratioToRaw(row, op)).map(RatioReport::times).orElse("-"))
          .append(" | ").append(operation.flatMap(op -> ratioToRedisson(row, op)).map(RatioReport::times).orElse("-"))
          .append(" |\n");
    }
    out.append('\n');
  }

  /**
   * The performance goals (docs/performance.md, "Against the goals") for every mcjcache row with the near
   * cache off: get and put at least 0.95x raw spymemcached, getAll(100) at least 0.9x raw getBulk, and each
   * operation at least 1.3x Redisson's JCache at 2 threads.
   */
  private void appendGoals(StringBuilder out) {
    List<String> lines = new ArrayList<>();
    for (ResultRow row : rows.stream().filter(ResultRow::isMcjcacheWithoutNearCache).sorted(tableOrder()).toList()) {
      Optional<Operation> operation = Operation.of(row.peer(), row.operation());
      if (operation.isEmpty()) {
        continue;
      }
      Operation op = operation.get();
      String where = row.pattern() + " | " + row.threads() + " | " + row.variantText() + " | " + op.label();
      if (op != Operation.PUT_ALL) {
        double goal = op == Operation.GET_ALL ? 0.9 : 0.95;
        lines.add(goalLine(where, ">= " + goal + "x raw " + op.rawLabel(), ratioToRaw(row, op), goal));
      }
      if (row.threads() == 2) {
        lines.add(goalLine(where, ">= 1.3x Redisson", ratioToRedisson(row, op), 1.3));
      }
    }
    if (lines.isEmpty()) {
      return;
    }
    out.append("#### Goals (mcjcache, near cache off)\n\n")
        .append("| keys | threads | settings | operation | goal | measured | |\n")
        .append("|---|---:|---|---|---|---:|---|\n");
    lines.forEach(out::append);
    out.append('\n');
  }

  private static String goalLine(String where, String goal, Optional<Double> measured, double threshold) {
    String verdict = measured.map(ratio -> ratio >= threshold ? "met" : "**missed**").orElse("not measured");
    return "| " + where + " | " + goal + " | " + measured.map(RatioReport::times).orElse("-") + " | " + verdict
        + " |\n";
  }

  private Optional<Double> ratioToRaw(ResultRow row, Operation op) {
    return find(ResultRow.RAW_SPYMEMCACHED, op.rawMethod(), row).map(raw -> row.opsPerSecond() / raw.opsPerSecond());
  }

  private Optional<Double> ratioToRedisson(ResultRow row, Operation op) {
    if (row.peer().equals(ResultRow.RAW_SPYMEMCACHED)) {
      return Optional.empty();
    }
    return find(ResultRow.REDISSON, row.operation(), row).map(peer -> row.opsPerSecond() / peer.opsPerSecond());
  }

  private Optional<ResultRow> find(String peer, String operation, ResultRow like) {
    return rows.stream()
        .filter(row -> row.peer().equals(peer) && row.operation().equals(operation)
            && row.pattern() == like.pattern() && row.threads() == like.threads())
        .findFirst();
  }

  private static Comparator<ResultRow> tableOrder() {
    return Comparator.<ResultRow>comparingInt(row -> Operation.of(row.peer(), row.operation())
        .map(Enum::ordinal).orElse(Integer.MAX_VALUE))
        .thenComparingInt(row -> PEER_ORDER.indexOf(row.peer()))
        .thenComparing(ResultRow::variantText);
  }

  private static String times(double ratio) {
    return format("%.2fx", ratio);
  }

  private static String format(String pattern, double value) {
    return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, pattern, value);
  }
}
