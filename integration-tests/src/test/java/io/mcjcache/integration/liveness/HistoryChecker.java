package io.mcjcache.integration.liveness;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Checks a timed history of {@code put}, {@code remove} and {@code get} calls on shared keys, made by any
 * number of threads and processes and timed with one monotonic clock, for reads that return a value that
 * was definitely superseded or removed before the read began (README guarantee 3, and 6 for all the
 * processes of a host).
 *
 * <p>A read R of key k returning v is a violation when
 * <ul>
 *   <li>v was never written to k, or its write began only after R ended; or</li>
 *   <li>some operation X on k, a write of another value or a remove (whatever it returned), was
 *       acknowledged before R began ({@code X.end < R.start}) and began after v's write W was acknowledged
 *       ({@code W.end < X.start}): v was overwritten or removed before the read began.</li>
 * </ul>
 * Operations that overlap may take effect in either order, so a read may return any of them. A call that
 * threw may or may not have taken effect: its end counts as never ({@code +infinity}), so it is never
 * "definitely before" anything and supersedes nothing, yet a read may return the value it tried to
 * write. Reads that threw, and reads of nothing ({@code null}: a cache may forget), are never violations.
 *
 * <p>Pure: no clock, no I/O; {@link HistoryCheckerTest} runs it on small hand-made histories.
 */
final class HistoryChecker {
  private HistoryChecker() {}

  /** What a call did. */
  enum Kind {
    PUT, REMOVE, GET;

    String word() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * One call, as a client logged it.
   *
   * @param client  the process and thread that made it, e.g. {@code c0/t1}
   * @param kind    what it was
   * @param key     the key
   * @param value   for a put the value written; for a get the value read, {@code null} for none; for a
   *                remove what it returned ({@code "true"}/{@code "false"}); {@code "?"} for a get or remove
   *                that threw
   * @param start   {@link System#nanoTime()} just before the call
   * @param end     {@link System#nanoTime()} just after it returned or threw
   * @param failed  whether it threw: its outcome is unknown
   * @param error   what it threw, else {@code null}
   */
  record Operation(String client, Kind kind, String key, String value, long start, long end, boolean failed,
      String error) {

    /** A put that returned. */
    static Operation put(String client, String key, String value, long start, long end) {
      return new Operation(client, Kind.PUT, key, value, start, end, false, null);
    }

    /** A put that threw. */
    static Operation failedPut(String client, String key, String value, long start, long end) {
      return new Operation(client, Kind.PUT, key, value, start, end, true, "thrown");
    }

    /** A remove that returned {@code removed}. */
    static Operation remove(String client, String key, boolean removed, long start, long end) {
      return new Operation(client, Kind.REMOVE, key, Boolean.toString(removed), start, end, false, null);
    }

    /** A remove that threw. */
    static Operation failedRemove(String client, String key, long start, long end) {
      return new Operation(client, Kind.REMOVE, key, "?", start, end, true, "thrown");
    }

    /** A get that returned {@code value} ({@code null}: a miss). */
    static Operation get(String client, String key, String value, long start, long end) {
      return new Operation(client, Kind.GET, key, value, start, end, false, null);
    }

    /**
     * Parses one line of {@link KeyMixClient}'s history:
     * {@code <kind>[!] <key> <value> <startNanos> <endNanos> <thread> [<error>]}, made by {@code process}.
     */
    static Operation parse(String process, String line) {
      String[] parts = line.split(" ", 7);
      if (parts.length < 6) {
        throw new IllegalArgumentException(process + ": not a history line: '" + line + "'");
      }
      boolean failed = parts[0].endsWith("!");
      Kind kind = Kind.valueOf(
          (failed ? parts[0].substring(0, parts[0].length() - 1) : parts[0]).toUpperCase(Locale.ROOT));
      String value = kind == Kind.GET && !failed && parts[2].equals("null") ? null : parts[2];
      return new Operation(process + "/" + parts[5], kind, parts[1], value, Long.parseLong(parts[3]),
          Long.parseLong(parts[4]), failed, failed ? (parts.length > 6 ? parts[6] : "thrown") : null);
    }

    /** When it certainly had taken effect: its end, or never for a call that threw. */
    long effectiveEnd() {
      return failed ? Long.MAX_VALUE : end;
    }

    /** A write of another value or a remove that returned: it supersedes what was written before it. */
    boolean supersedes() {
      return !failed && kind != Kind.GET;
    }

    /** A get that returned a value. */
    boolean readAValue() {
      return kind == Kind.GET && !failed && value != null;
    }

    /** One line for a report, times in seconds since {@code origin} (a {@code nanoTime}). */
    String describe(long origin) {
      String what = switch (kind) {
        case PUT -> "put " + value;
        case REMOVE -> "remove -> " + value;
        case GET -> "get -> " + value;
      };
      return String.format(Locale.ROOT, "[%s .. %s] %-6s %s %s%s", seconds(start, origin), seconds(end, origin),
          client, key, what, failed ? "  THREW (outcome unknown): " + error : "");
    }
  }

  /**
   * A read that returned what it must not have.
   *
   * @param read    the read
   * @param write   the write of the value it returned; {@code null} when there was none
   * @param witness the operation that superseded or removed that value before the read began; {@code null}
   *                when the value was never written (or only after the read)
   */
  record Violation(Operation read, Operation write, Operation witness) {
    String reason() {
      if (write == null) {
        return "returned a value never written to " + read.key();
      }
      if (witness == null) {
        return "returned a value whose write began only after the read ended";
      }
      return witness.kind() == Kind.REMOVE
          ? "resurrection: the value was removed before the read began"
          : "stale read: the value was overwritten before the read began";
    }
  }

  /** Every violation in {@code history}, ordered by the read's start. */
  static List<Violation> check(Collection<Operation> history) {
    Map<String, List<Operation>> byKey = history.stream().collect(Collectors.groupingBy(Operation::key));
    List<Violation> violations = new ArrayList<>();
    for (List<Operation> operations : byKey.values()) {
      violations.addAll(checkKey(operations));
    }
    violations.sort(Comparator.comparingLong(v -> v.read().start()));
    return violations;
  }

  private static List<Violation> checkKey(List<Operation> operations) {
    Map<String, Operation> writes = new HashMap<>();
    List<Operation> superseding = new ArrayList<>();
    List<Operation> reads = new ArrayList<>();
    for (Operation operation : operations) {
      if (operation.kind() == Kind.PUT) {
        Operation earlier = writes.put(operation.value(), operation);
        if (earlier != null) {
          throw new IllegalArgumentException("value " + operation.value() + " written twice: " + earlier + ", "
              + operation + "; the checker needs unique values");
        }
      }
      if (operation.supersedes()) {
        superseding.add(operation);
      }
      if (operation.readAValue()) {
        reads.add(operation);
      }
    }
    superseding.sort(Comparator.comparingLong(Operation::end));
    reads.sort(Comparator.comparingLong(Operation::start));

    // Sweep the reads by start; among the superseding operations that ended before the read began, the
    // one that began last is the best witness: if even it began before the write ended, none did after.
    List<Violation> violations = new ArrayList<>();
    int next = 0;
    Operation latestStarted = null;
    for (Operation read : reads) {
      while (next < superseding.size() && superseding.get(next).end() < read.start()) {
        Operation candidate = superseding.get(next++);
        if (latestStarted == null || candidate.start() > latestStarted.start()) {
          latestStarted = candidate;
        }
      }
      Operation write = writes.get(read.value());
      if (write == null || write.start() > read.end()) {
        violations.add(new Violation(read, write, null));
      } else if (latestStarted != null && write.effectiveEnd() < latestStarted.start()) {
        violations.add(new Violation(read, write, latestStarted));
      }
    }
    return violations;
  }

  /**
   * A violation with the key's operations around it: from shortly before its value's write (or the read)
   * to the read's end, in start order, each marked {@code W} (the write), {@code X} (the witness) or
   * {@code R} (the read).
   */
  static String explain(Violation violation, Collection<Operation> history, long origin, long marginNanos) {
    Operation read = violation.read();
    long from = (violation.write() != null ? Math.min(violation.write().start(), read.start()) : read.start())
        - marginNanos;
    long to = read.end();
    StringBuilder text = new StringBuilder()
        .append(violation.reason()).append('\n')
        .append("    read:    ").append(read.describe(origin)).append('\n');
    if (violation.write() != null) {
      text.append("    write:   ").append(violation.write().describe(origin)).append('\n');
    }
    if (violation.witness() != null) {
      text.append("    witness: ").append(violation.witness().describe(origin)).append('\n');
    }
    text.append("    ").append(read.key()).append("'s operations from ").append(seconds(from, origin)).append(" s:\n");
    history.stream()
        .filter(o -> o.key().equals(read.key()) && o.end() >= from && o.start() <= to)
        .sorted(Comparator.comparingLong(Operation::start))
        .forEach(o -> text.append(o == read ? "    R " : o == violation.write() ? "    W "
            : o == violation.witness() ? "    X " : "      ")
            .append(o.describe(origin)).append('\n'));
    return text.toString();
  }

  /** {@code nanos} as seconds since {@code origin}, to the microsecond. */
  static String seconds(long nanos, long origin) {
    return nanos == Long.MAX_VALUE ? "never" : String.format(Locale.ROOT, "%.6f", (nanos - origin) / 1e9);
  }
}
