package io.mcjcache.integration;

import java.io.BufferedReader;

/**
 * The child JVM's side of {@link ClientProcess}'s protocol, shared by the tests' child main classes: one
 * line per message on standard output, and an exit as soon as standard input ends, so that a child never
 * outlives the test that started it.
 */
public final class ChildSide {
  private ChildSide() {}

  /** Prints one whole line (threads never interleave inside a line) and flushes it. */
  public static void say(String line) {
    synchronized (System.out) {
      System.out.println(line);
      System.out.flush();
    }
  }

  /** An exception and its causes on one line, for a protocol line. */
  public static String oneLine(Throwable e) {
    StringBuilder text = new StringBuilder(e.toString());
    Throwable cause = e.getCause();
    for (int depth = 0; cause != null && depth < 5; depth++, cause = cause.getCause()) {
      text.append(" <- ").append(cause);
    }
    return text.toString().replace('\n', ' ').replace('\r', ' ');
  }

  /** Starts a daemon thread that halts this JVM (status 3) when the test closes standard input or dies. */
  public static void exitWhenInputEnds(BufferedReader stdin) {
    Thread guard = new Thread(() -> {
      try {
        while (stdin.readLine() != null) {
          // Nothing else is expected after "go"; only the end of the stream matters.
        }
      } catch (Exception ignored) {
        // A broken pipe means the same as the end of the stream.
      }
      Runtime.getRuntime().halt(3);
    }, "stdin-closed-guard");
    guard.setDaemon(true);
    guard.start();
  }
}
