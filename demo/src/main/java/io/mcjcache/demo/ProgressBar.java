package io.mcjcache.demo;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress bar redrawn in place with a carriage return (and an ANSI erase-to-end-of-line),
 * on stderr so that stdout carries only the results. Redraws at most ten times a second.
 */
final class ProgressBar {
  private static final int WIDTH = 30;
  private static final long REDRAW_NANOS = 100_000_000L;

  private final PrintStream out;
  private final long total;
  private long done;
  private String label = "";
  private long lastDraw;

  private ProgressBar(PrintStream out, long total) {
    this.out = out;
    this.total = Math.max(1, total);
  }

  /** A bar over {@code total} units drawn on {@code out}; nothing is drawn when {@code out} is null. */
  static ProgressBar on(PrintStream out, long total) {
    return new ProgressBar(out, total);
  }

  void label(String label) {
    this.label = label;
    draw(true);
  }

  void advance(long units) {
    done = Math.min(total, done + units);
    draw(false);
  }

  /** Erases the bar, so the lines printed after it start clean. */
  void finish() {
    if (out != null) {
      out.print("\r\033[K");
      out.flush();
    }
  }

  private void draw(boolean force) {
    long now = System.nanoTime();
    if (out == null || (!force && now - lastDraw < REDRAW_NANOS)) {
      return;
    }
    lastDraw = now;
    int filled = (int) (WIDTH * done / total);
    out.print("\r[" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] "
        + String.format(Locale.ROOT, "%3d%%", 100 * done / total) + "  " + label + "\033[K");
    out.flush();
  }
}
