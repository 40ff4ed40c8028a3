package io.mcjcache.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * A self-contained HTML page (inline SVG and CSS, no script, nothing fetched) with the hit ratio of
 * every strategy along the schedule, stale reads as dashed lines, and the results table. The x axis is
 * the schedule rather than wall time, so that strategies of different speeds line up phase by phase.
 */
final class HitRatioChart {
  private static final String[] COLORS = {"#d62728", "#ff7f0e", "#9467bd", "#1f77b4", "#2ca02c", "#17becf",
      "#8c564b"};
  private static final int WIDTH = 960;
  private static final int HEIGHT = 420;
  private static final int LEFT = 60;
  private static final int RIGHT = 260;
  private static final int TOP = 40;
  private static final int BOTTOM = 40;

  private HitRatioChart() {}

  /** Writes the page to {@code path}, creating its directory. */
  static void write(DemoReport report, Path path) throws IOException {
    Path parent = path.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(path, html(report), StandardCharsets.UTF_8);
  }

  static String html(DemoReport report) {
    StringBuilder page = new StringBuilder();
    page.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        + "<title>mcjcache failover demo</title>\n<style>body{font-family:sans-serif;margin:2em;color:#222}"
        + "table{border-collapse:collapse;margin-top:1.5em}td,th{padding:3px 10px;text-align:right}"
        + "td:first-child,th:first-child,td:nth-child(2),th:nth-child(2){text-align:left}"
        + "tr:nth-child(3n+2) td{border-top:1px solid #ccc}</style></head><body>\n");
    page.append("<h1>mcjcache failover demo</h1>\n<p>")
        .append(String.format(Locale.ROOT, "%d memcached nodes, %,d keys, seed %d. Node %d was %s, ",
            report.nodes(), report.keys(), report.seed(), report.victim(), report.fault().failureNote()))
        .append("keys were overwritten, added and deleted while it was down, then it was ")
        .append(report.fault().recoveryNote())
        .append(". Each line is one strategy's hit ratio during three full read passes; dashed lines are stale "
            + "reads (values older than the last write).</p>\n");
    page.append(svg(report));
    page.append(table(report));
    page.append("</body></html>\n");
    return page.toString();
  }

  private static String svg(DemoReport report) {
    int plotWidth = WIDTH - LEFT - RIGHT;
    int plotHeight = HEIGHT - TOP - BOTTOM;
    StringBuilder svg = new StringBuilder();
    svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
        + "viewBox=\"0 0 %d %d\" font-size=\"12\" font-family=\"sans-serif\">%n", WIDTH, HEIGHT, WIDTH, HEIGHT));
    for (int percent = 0; percent <= 100; percent += 25) {
      double y = TOP + plotHeight * (1 - percent / 100.0);
      svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>"
          + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%d%%</text>%n",
          LEFT, y, LEFT + plotWidth, y, LEFT - 6, y + 4, percent));
    }
    Phase[] phases = Phase.values();
    for (Phase phase : phases) {
      double x0 = LEFT + plotWidth * phase.ordinal() / (double) phases.length;
      svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#999\" "
          + "stroke-dasharray=\"2,3\"/><text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
          x0, TOP, x0, TOP + plotHeight, x0 + plotWidth / (2.0 * phases.length), TOP - 12,
          escape(phaseTitle(phase, report))));
    }
    svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" "
        + "stroke=\"#666\"/>%n<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">read passes over the schedule</text>%n",
        LEFT, TOP, plotWidth, plotHeight, LEFT + plotWidth / 2.0, HEIGHT - 10));
    List<StrategyResult> strategies = report.strategies();
    for (int s = 0; s < strategies.size(); s++) {
      StrategyResult strategy = strategies.get(s);
      // By kind, not position: a row keeps its colour when another is left out (--fault pause, no nutcracker).
      String color = COLORS[strategy.kind().ordinal() % COLORS.length];
      boolean headline = strategy.kind() == StrategyKind.MCJCACHE;
      svg.append(polyline(strategy, false, color, headline ? 3 : 1.5, plotWidth, plotHeight, phases.length));
      if (strategy.totalStale() > 0) {
        svg.append(polyline(strategy, true, color, 1.5, plotWidth, plotHeight, phases.length));
      }
      int legendY = TOP + 10 + 22 * s;
      svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" "
          + "stroke-width=\"3\"/><text x=\"%d\" y=\"%d\"%s>%s</text>%n",
          LEFT + plotWidth + 15, legendY, LEFT + plotWidth + 40, legendY, color, LEFT + plotWidth + 46,
          legendY + 4, headline ? " font-weight=\"bold\"" : "", escape(strategy.kind().title())));
    }
    svg.append("</svg>\n");
    return svg.toString();
  }

  private static String polyline(StrategyResult strategy, boolean stale, String color, double width,
      int plotWidth, int plotHeight, int passes) {
    StringBuilder points = new StringBuilder();
    for (HitRatioSample sample : strategy.timeline()) {
      double ratio = stale ? sample.staleRatio() : sample.hitRatio();
      points.append(String.format(Locale.ROOT, "%.1f,%.1f ", LEFT + plotWidth * sample.position() / passes,
          TOP + plotHeight * (1 - ratio)));
    }
    return String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"%.1f\"%s "
        + "points=\"%s\"><title>%s%s</title></polyline>%n", color, width, stale ? " stroke-dasharray=\"6,4\"" : "",
        points.toString().strip(), escape(strategy.kind().title()), stale ? ": stale reads" : ": hit ratio");
  }

  private static String phaseTitle(Phase phase, DemoReport report) {
    return switch (phase) {
      case ALL_UP -> "all nodes up";
      case NODE_DOWN -> "node " + report.victim() + " " + report.fault().failed();
      case NODE_BACK -> "writes, node " + report.victim() + " " + report.fault().recovered();
    };
  }

  private static String table(DemoReport report) {
    StringBuilder table = new StringBuilder("<table>\n<tr><th>strategy</th><th>phase</th><th>hit ratio</th>"
        + "<th>misses</th><th>stale reads</th><th>lost writes</th><th>resurrected</th><th>p50 ms</th>"
        + "<th>p99 ms</th></tr>\n");
    for (StrategyResult strategy : report.strategies()) {
      for (PhaseResult phase : strategy.phases()) {
        table.append(String.format(Locale.ROOT, "<tr><td>%s</td><td>%s</td><td>%s</td><td>%d</td><td>%d</td>"
            + "<td>%d</td><td>%s</td><td>%.2f</td><td>%.2f</td></tr>%n", escape(strategy.kind().title()),
            escape(phase.phase().label()), ResultTable.percent(phase.hitRatio()), phase.misses(), phase.stale(),
            phase.lost(), ResultTable.resurrected(phase),
            phase.p50Millis(), phase.p99Millis()));
      }
    }
    return table.append("</table>\n").toString();
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
