package io.mcjcache.demo;

import java.time.Duration;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether twemproxy serves a node's keys from it again, judged from its stats dumps: the demo's view of
 * twemproxy's failure detection, for the waits of the schedule.
 *
 * <p>Out of the ring is easy to read: the node's {@code server_ejected_at} is less than the retry timeout
 * ago. Back in the ring is not, because twemproxy publishes its stats only every interval: a dump can still
 * show the node in the ring although a request to it timed out a moment ago and ejected it for the next two
 * seconds, and a read pass started then would go to the neighbours instead. So the node counts as served
 * only once it has also answered a request after its last ejection ({@code responses} grew since the dump
 * that first showed that ejection). Such a dump was made after the node answered again, so it holds every
 * ejection that came before, and a node that answers is not ejected again. A dead or hung node answers
 * nothing, so between two ejections (while twemproxy tries it again) it does not count as served either.
 */
final class EjectionWatch {
  private final long retryMicros;
  private final long[] ejectedAt;
  private final long[] responsesWhenEjected;

  EjectionWatch(int nodes, Duration retryTimeout) {
    this.retryMicros = retryTimeout.toNanos() / 1_000;
    this.ejectedAt = new long[nodes];
    this.responsesWhenEjected = new long[nodes];
    Arrays.fill(responsesWhenEjected, -1);
  }

  /**
   * Judges one stats dump ({@code statsJson}, read at {@code nowMicros}, microseconds since the epoch as
   * twemproxy's own clock) for {@code node}, remembering the ejections it shows for the next calls.
   */
  synchronized boolean serves(String statsJson, int node, long nowMicros) {
    long ejected = field(statsJson, node, "server_ejected_at");
    long responses = field(statsJson, node, "responses");
    if (ejected != ejectedAt[node]) {
      ejectedAt[node] = ejected;
      responsesWhenEjected[node] = responses;
    }
    boolean outOfRing = ejected != 0 && nowMicros < ejected + retryMicros;
    return !outOfRing && responses > responsesWhenEjected[node];
  }

  /** A number in {@code node}'s object of a dump, e.g. its {@code server_ejected_at} (0 = never). */
  static long field(String statsJson, int node, String name) {
    Matcher m = Pattern.compile("\"" + Nutcracker.name(node) + "\"\\s*:\\s*\\{[^}]*\"" + name + "\"\\s*:\\s*(\\d+)")
        .matcher(statsJson);
    if (!m.find()) {
      throw new IllegalStateException("twemproxy's stats have no " + name + " for " + Nutcracker.name(node) + ": "
          + statsJson);
    }
    return Long.parseLong(m.group(1));
  }
}
