package io.mcjcache.bench.proxy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The bench's Markdown: the main table (per endpoint and operation: median throughput over rounds with its
 * spread, latency quantiles, and the ratios the goals are about, against twemproxy), the goals for each
 * proxy row, where the CPU went, every round's figures, the memcaslap cross-check and the profile.
 * "Within noise" means the two rows' ranges over rounds overlap, so the order between them is not known.
 */
final class ProxyReport {
  static final String TWEMPROXY = "twemproxy";
  static final String DIRECT = "direct";

  /** One row of one round. */
  record Measured(String endpoint, String operation, int round, LoadRun.Result result) {}

  private final List<String> endpoints;
  private final List<Measured> rows;
  private final boolean fixedRate;

  ProxyReport(List<String> endpoints, List<Measured> rows, boolean fixedRate) {
    this.endpoints = List.copyOf(endpoints);
    this.rows = List.copyOf(rows);
    this.fixedRate = fixedRate;
  }

  String mainTable() {
    StringBuilder out = new StringBuilder()
        .append("| endpoint | op | ops/s (median) | ops/s spread (min-max) | p50 µs | p99 µs | p99 spread | p99.9 µs "
            + "| errors | ops/s x twemproxy | added p99 µs (vs direct) | added p99 x twemproxy's |\n")
        .append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (String operation : List.of("get", "set")) {
      for (String endpoint : endpoints) {
        List<LoadRun.Result> results = results(endpoint, operation);
        if (results.isEmpty()) {
          continue;
        }
        double[] ops = values(results, LoadRun.Result::opsPerSecond);
        double[] p99 = values(results, r -> r.micros(0.99));
        long errors = results.stream().mapToLong(LoadRun.Result::errors).sum();
        out.append("| ").append(endpoint).append(" | ").append(operation)
            .append(" | ").append(f("%,.0f", median(ops)))
            .append(" | ").append(range("%,.0f", ops))
            .append(" | ").append(f("%.0f", median(values(results, r -> r.micros(0.50)))))
            .append(" | ").append(f("%.0f", median(p99)))
            .append(" | ").append(range("%.0f", p99))
            .append(" | ").append(f("%.0f", median(values(results, r -> r.micros(0.999)))))
            .append(" | ").append(errors)
            .append(" | ").append(throughputAgainstTwemproxy(endpoint, operation))
            .append(" | ").append(addedP99Text(endpoint, operation))
            .append(" | ").append(addedRatioText(endpoint, operation))
            .append(" |\n");
      }
    }
    return out.toString();
  }

  /** The goals for every row other than direct and twemproxy: throughput >= twemproxy's, added p99 <= 2x. */
  String goals() {
    if (results(TWEMPROXY, "get").isEmpty()) {
      return "No twemproxy row, so the goals (against twemproxy) cannot be judged.\n";
    }
    StringBuilder out = new StringBuilder()
        .append("| endpoint | op | goal | measured (median; per-round range) | verdict |\n")
        .append("|---|---|---|---|---|\n");
    for (String endpoint : endpoints) {
      if (endpoint.equals(DIRECT) || endpoint.equals(TWEMPROXY)) {
        continue;
      }
      for (String operation : List.of("get", "set")) {
        if (results(endpoint, operation).isEmpty()) {
          continue;
        }
        double[] ratio = perRound(endpoint, operation, (mine, twem) -> mine.opsPerSecond() / twem.opsPerSecond());
        String verdict;
        if (fixedRate) {
          verdict = "n/a: a fixed-rate run measures latency, not throughput";
        } else if (median(ratio) >= 1.0) {
          verdict = "met";
        } else
          if (overlap(values(results(endpoint, operation), LoadRun.Result::opsPerSecond),
              values(results(TWEMPROXY, operation), LoadRun.Result::opsPerSecond))) {
                verdict = "within noise";
              } else {
                verdict = "**missed**";
              }
        out.append("| ").append(endpoint).append(" | ").append(operation)
            .append(" | throughput >= 1.00x twemproxy | ").append(f("%.2fx", median(ratio))).append("; ")
            .append(range("%.2fx", ratio)).append(" | ").append(verdict).append(" |\n");
        double[] mine = addedP99(endpoint, operation);
        double[] twem = addedP99(TWEMPROXY, operation);
        // twemproxy's p99 can come out below direct's (at saturation it runs fewer requests per second, so
        // it queues less): it then adds nothing measurable, and the limit is 0
        double limit = 2 * Math.max(0, median(twem));
        String p99Verdict;
        if (mine.length == 0 || twem.length == 0) {
          p99Verdict = "not measured (no direct row)";
        } else if (median(mine) <= limit) {
          p99Verdict = "met";
        } else if (min(mine) <= 2 * Math.max(0, max(twem))) {
          p99Verdict = "within noise";
        } else {
          p99Verdict = "**missed**";
        }
        out.append("| ").append(endpoint).append(" | ").append(operation)
            .append(" | added p99 <= 2x twemproxy's (2 x max(0, ").append(f("%.0f", median(twem))).append(") = ")
            .append(f("%.0f", limit)).append(" µs) | ").append(f("%.0f", median(mine))).append(" µs; ")
            .append(range("%.0f", mine)).append(" µs | ").append(p99Verdict).append(" |\n");
      }
    }
    return out.toString();
  }

  /** CPU microseconds per operation by thread group and process, and context switches, medians over rounds. */
  String cpuTable() {
    List<String> groups = new ArrayList<>(CpuAccounting.JVM_GROUPS);
    groups.add(CpuAccounting.MEMCACHED);
    groups.add(CpuAccounting.ENDPOINT_PROCESS);
    StringBuilder out = new StringBuilder("| endpoint | op |");
    groups.forEach(g -> out.append(' ').append(g).append(" |"));
    out.append(
        " all of the bench | JVM context switches per op | cores used by the bench | cores used by other work |\n|---|---|");
    groups.forEach(g -> out.append("---:|"));
    out.append("---:|---:|---:|---:|\n");
    boolean any = false;
    for (String operation : List.of("get", "set")) {
      for (String endpoint : endpoints) {
        List<LoadRun.Result> results = results(endpoint, operation).stream().filter(r -> r.usage().measured())
            .toList();
        if (results.isEmpty()) {
          continue;
        }
        any = true;
        out.append("| ").append(endpoint).append(" | ").append(operation).append(" |");
        double all = 0;
        for (String group : groups) {
          double value = median(values(results, r -> r.usage().cpuMicrosPerOp().getOrDefault(group, 0.0)));
          all += value;
          out.append(' ').append(f("%.1f", value)).append(" |");
        }
        double switches = median(values(results,
            r -> r.usage().switchesPerOp().values().stream().mapToDouble(Double::doubleValue).sum()));
        out.append(' ').append(f("%.1f", all)).append(" | ").append(f("%.1f", switches)).append(" | ")
            .append(f("%.2f", median(values(results, r -> r.usage().ourCores())))).append(" | ")
            .append(f("%.2f", median(values(results, r -> r.usage().otherCores())))).append(" |\n");
      }
    }
    return any ? out.toString() : "No CPU accounting (it needs Linux's /proc).\n";
  }

  /** Context switches per op by JVM thread group, medians over rounds (proxy rows mostly). */
  String switchTable() {
    StringBuilder out = new StringBuilder("| endpoint | op |");
    CpuAccounting.JVM_GROUPS.forEach(g -> out.append(' ').append(g).append(" |"));
    out.append("\n|---|---|");
    CpuAccounting.JVM_GROUPS.forEach(g -> out.append("---:|"));
    out.append('\n');
    for (String operation : List.of("get", "set")) {
      for (String endpoint : endpoints) {
        List<LoadRun.Result> results = results(endpoint, operation).stream().filter(r -> r.usage().measured())
            .toList();
        if (results.isEmpty()) {
          continue;
        }
        out.append("| ").append(endpoint).append(" | ").append(operation).append(" |");
        for (String group : CpuAccounting.JVM_GROUPS) {
          out.append(' ').append(f("%.2f", median(values(results,
              r -> r.usage().switchesPerOp().getOrDefault(group, 0.0))))).append(" |");
        }
        out.append('\n');
      }
    }
    return out.toString();
  }

  /** Every round's throughput and p99, so that the alternation and the noise can be seen. */
  String roundsTable() {
    int rounds = rows.stream().mapToInt(Measured::round).max().orElse(0);
    StringBuilder out = new StringBuilder("| endpoint | op |");
    for (int r = 1; r <= rounds; r++) {
      out.append(" round ").append(r).append(": ops/s, p99 µs |");
    }
    out.append("\n|---|---|");
    for (int r = 1; r <= rounds; r++) {
      out.append("---:|");
    }
    out.append('\n');
    for (String operation : List.of("get", "set")) {
      for (String endpoint : endpoints) {
        if (results(endpoint, operation).isEmpty()) {
          continue;
        }
        out.append("| ").append(endpoint).append(" | ").append(operation).append(" |");
        for (int r = 1; r <= rounds; r++) {
          LoadRun.Result result = result(endpoint, operation, r);
          out.append(' ').append(result == null ? "-"
              : f("%,.0f", result.opsPerSecond()) + ", " + f("%.0f", result.micros(0.99))).append(" |");
        }
        out.append('\n');
      }
    }
    return out.toString();
  }

  /** The first wrong answer of each row that had any. */
  String errors() {
    StringBuilder out = new StringBuilder();
    for (Measured row : rows) {
      if (row.result().errors() > 0) {
        out.append("- ").append(row.endpoint()).append(' ').append(row.operation()).append(", round ")
            .append(row.round()).append(": ").append(row.result().errors()).append(" wrong answers, the first: ")
            .append(row.result().firstError()).append('\n');
      }
    }
    return out.toString();
  }

  /** The outside tools' runs, each against twemproxy's run of the same tool and test. */
  static String outsideTable(List<OutsideTools.Run> runs) {
    StringBuilder out = new StringBuilder("| tool | endpoint | test | ops/s | x twemproxy | details |\n"
        + "|---|---|---|---:|---:|---|\n");
    for (OutsideTools.Run run : runs) {
      double twem = runs.stream().filter(r -> r.endpoint().equals(TWEMPROXY) && r.tool().equals(run.tool())
          && r.operation().equals(run.operation()) && r.failure() == null).mapToDouble(OutsideTools.Run::opsPerSecond)
          .findFirst().orElse(0);
      boolean usable = run.failure() == null;
      out.append("| ").append(run.tool()).append(" | ").append(run.endpoint()).append(" | ").append(run.operation())
          .append(" | ").append(usable ? f("%,.0f", run.opsPerSecond()) : "-")
          .append(" | ").append(usable && twem > 0 ? f("%.2fx", run.opsPerSecond() / twem) : "-")
          .append(" | ").append(usable ? run.details() : run.failure()).append(" |\n");
    }
    return out.toString();
  }

  // ---------------------------------------------------------------- figures

  private String throughputAgainstTwemproxy(String endpoint, String operation) {
    if (results(TWEMPROXY, operation).isEmpty()) {
      return "-";
    }
    if (endpoint.equals(TWEMPROXY)) {
      return "1.00x";
    }
    double[] ratio = perRound(endpoint, operation, (mine, twem) -> mine.opsPerSecond() / twem.opsPerSecond());
    String noise = overlap(values(results(endpoint, operation), LoadRun.Result::opsPerSecond),
        values(results(TWEMPROXY, operation), LoadRun.Result::opsPerSecond)) ? " (within noise)" : "";
    return f("%.2fx", median(ratio)) + " (" + range("%.2f", ratio) + ")" + noise;
  }

  private String addedP99Text(String endpoint, String operation) {
    if (endpoint.equals(DIRECT)) {
      return "0";
    }
    double[] added = addedP99(endpoint, operation);
    return added.length == 0 ? "-" : f("%.0f", median(added)) + " (" + range("%.0f", added) + ")";
  }

  private String addedRatioText(String endpoint, String operation) {
    double[] mine = addedP99(endpoint, operation);
    double[] twem = addedP99(TWEMPROXY, operation);
    if (endpoint.equals(DIRECT) || mine.length == 0 || twem.length == 0) {
      return "-";
    }
    double base = median(twem);
    if (base <= 0) {
      return "- (twemproxy's <= 0)";
    }
    return f("%.2fx", median(mine) / base);
  }

  /** Per round: this row's p99 minus direct's p99 of the same operation in the same round. */
  private double[] addedP99(String endpoint, String operation) {
    return perRound(endpoint, operation, DIRECT, (mine, direct) -> mine.micros(0.99) - direct.micros(0.99));
  }

  private double[] perRound(String endpoint, String operation,
      java.util.function.BiFunction<LoadRun.Result, LoadRun.Result, Double> f) {
    return perRound(endpoint, operation, TWEMPROXY, f);
  }

  private double[] perRound(String endpoint, String operation, String other,
      java.util.function.BiFunction<LoadRun.Result, LoadRun.Result, Double> f) {
    List<Double> values = new ArrayList<>();
    for (Measured row : rows) {
      if (row.endpoint().equals(endpoint) && row.operation().equals(operation)) {
        LoadRun.Result base = result(other, operation, row.round());
        if (base != null) {
          values.add(f.apply(row.result(), base));
        }
      }
    }
    return values.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private List<LoadRun.Result> results(String endpoint, String operation) {
    return rows.stream().filter(r -> r.endpoint().equals(endpoint) && r.operation().equals(operation))
        .map(Measured::result).toList();
  }

  private LoadRun.Result result(String endpoint, String operation, int round) {
    return rows.stream().filter(r -> r.endpoint().equals(endpoint) && r.operation().equals(operation)
        && r.round() == round).map(Measured::result).findFirst().orElse(null);
  }

  private static double[] values(List<LoadRun.Result> results, ToDoubleFunction<LoadRun.Result> f) {
    return results.stream().mapToDouble(f).toArray();
  }

  static double median(double[] values) {
    if (values.length == 0) {
      return Double.NaN;
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }

  private static double min(double[] values) {
    return Arrays.stream(values).min().orElse(Double.NaN);
  }

  private static double max(double[] values) {
    return Arrays.stream(values).max().orElse(Double.NaN);
  }

  private static boolean overlap(double[] a, double[] b) {
    return a.length > 0 && b.length > 0 && min(a) <= max(b) && min(b) <= max(a);
  }

  private static String range(String pattern, double[] values) {
    return values.length == 0 ? "-" : f(pattern, min(values)) + "-" + f(pattern, max(values));
  }

  static String f(String pattern, double value) {
    return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, pattern, value);
  }

  /** Descriptions in endpoint order, as a list. */
  static String legend(Map<String, String> descriptions) {
    StringBuilder out = new StringBuilder();
    new LinkedHashMap<>(descriptions).forEach((name, text) -> out.append("- `").append(name).append("`: ")
        .append(text).append('\n'));
    return out.toString();
  }
}
