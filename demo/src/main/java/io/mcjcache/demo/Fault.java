package io.mcjcache.demo;

import io.mcjcache.testkit.MemcachedNode;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How the schedule's node fails ({@code --fault}). The two faults do opposite damage, which is why the demo
 * has both: a killed node comes back empty, so a client that trusts it again only forgets (misses, lost
 * writes); a hung node comes back with everything it held, so a client that trusts it again serves what it
 * missed meanwhile: the values from before the overwrites (stale reads) and the keys deleted while it hung
 * (resurrected). A process stuck in a long GC or swap, a VM paused by its host, or a network cut all look
 * like the second one from the outside.
 */
public enum Fault {
  /** SIGKILL, then a restart on the same port: the node is back, empty. The demo's original schedule. */
  KILL("kill", "killed", "restarted", "killed", "restarted (empty)",
      "a node is killed (SIGKILL), then restarted on its port, empty") {
    @Override
    void begin(MemcachedNode node) {
      node.kill();
    }

    @Override
    void end(MemcachedNode node) {
      node.restart();
    }
  },
  /**
   * SIGSTOP, then SIGCONT ({@link MemcachedNode#pause()}, {@link MemcachedNode#resume()}): the process keeps
   * its sockets and its data and answers nothing until it is resumed.
   */
  PAUSE("pause", "paused", "resumed", "paused (SIGSTOP)", "resumed (SIGCONT) with the data it held",
      "a node hangs (SIGSTOP: it keeps its connections and its data, and answers nothing), then resumes (SIGCONT)") {
    @Override
    void begin(MemcachedNode node) {
      node.pause();
    }

    @Override
    void end(MemcachedNode node) {
      node.resume();
    }
  };

  private final String option;
  private final String failed;
  private final String recovered;
  private final String failureNote;
  private final String recoveryNote;
  private final String summary;

  Fault(String option, String failed, String recovered, String failureNote, String recoveryNote, String summary) {
    this.option = option;
    this.failed = failed;
    this.recovered = recovered;
    this.failureNote = failureNote;
    this.recoveryNote = recoveryNote;
    this.summary = summary;
  }

  /** The value of {@code --fault}. */
  public String option() {
    return option;
  }

  /** What happened to the node, in one word ({@code killed}): for step labels and the chart. */
  String failed() {
    return failed;
  }

  /** How it came back, in one word ({@code restarted}). */
  String recovered() {
    return recovered;
  }

  /** What happened to the node, with how ({@code paused (SIGSTOP)}): for the table's notes. */
  String failureNote() {
    return failureNote;
  }

  /** How it came back, with what it holds then ({@code restarted (empty)}). */
  String recoveryNote() {
    return recoveryNote;
  }

  /** The whole fault in a sentence, for the demo's first lines. */
  String summary() {
    return summary;
  }

  /** Makes {@code node} fail this way. */
  abstract void begin(MemcachedNode node);

  /** Brings {@code node} back from {@link #begin}. */
  abstract void end(MemcachedNode node);

  /** The fault named {@code text} on the command line. */
  static Fault parse(String text) {
    for (Fault fault : values()) {
      if (fault.option.equals(text.strip().toLowerCase(Locale.ROOT))) {
        return fault;
      }
    }
    throw new IllegalArgumentException("--fault must be one of " + choices() + ", got '" + text + "'");
  }

  /** {@code kill, pause}: the values {@code --fault} takes. */
  static String choices() {
    return Arrays.stream(values()).map(Fault::option).collect(Collectors.joining(", "));
  }
}
