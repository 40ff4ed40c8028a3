package io.mcjcache.demo;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * The demo's progress, on stderr so that stdout carries only the results. On a terminal: one line redrawn
 * in place with a carriage return (and an ANSI erase-to-end-of-line), at most ten times a second. Anywhere
 * else (CI logs, {@code > file}), where redrawn frames would pile up into one endless line: a plain line
 * every {@value #PLAIN_INTERVAL_SECONDS} seconds and at each new step.
 */
final class ProgressBar {
  private static final int WIDTH = 30;
  private static final long REDRAW_NANOS = 100_000_000L;
  static final int PLAIN_INTERVAL_SECONDS = 5;
  private static final long PLAIN_NANOS = PLAIN_INTERVAL_SECONDS * 1_000_000_000L;

  private final PrintStream out;
  private final long total;
  private final boolean terminal;
  private final LongSupplier clock;
  private long done;
  private String label = "";
  private long lastDraw;
  private boolean drawn;

  private ProgressBar(PrintStream out, long total, boolean terminal, LongSupplier clock) {
    this.out = out;
    this.total = Math.max(1, total);
    this.terminal = terminal;
    this.clock = clock;
  }

  /**
   * Progress over {@code total} units drawn on {@code out} (nothing when it is null): redrawn in place when
   * the JVM has a console, plain lines otherwise.
   */
  static ProgressBar on(PrintStream out, long total) {
    return new ProgressBar(out, total, System.console() != null, System::nanoTime);
  }

  /** Plain lines only, with the given clock: for tests. */
  static ProgressBar plain(PrintStream out, long total, LongSupplier clock) {
    return new ProgressBar(out, total, false, clock);
  }

  void label(String label) {
    this.label = label;
    draw(true);
  }

  void advance(long units) {
    done = Math.min(total, done + units);
    draw(false);
  }

  /** On a terminal, erases the bar, so the lines printed after it start clean. */
  void finish() {
    if (out != null && terminal) {
      out.print("\r\033[K");
      out.flush();
    }
  }

  private void draw(boolean newStep) {
    if (out == null) {
      return;
    }
    long now = clock.getAsLong();
    long interval = terminal ? REDRAW_NANOS : PLAIN_NANOS;
    if (drawn && !newStep && now - lastDraw < interval) {
      return;
    }
    drawn = true;
    lastDraw = now;
    String percent = String.format(Locale.ROOT, "%3d%%", 100 * done / total);
    if (terminal) {
      int filled = (int) (WIDTH * done / total);
      out.print("\r[" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] " + percent + "  " + label + "\033[K");
    } else {
      out.println("progress " + percent.trim() + ": " + label);
    }
    out.flush();
  }
}
