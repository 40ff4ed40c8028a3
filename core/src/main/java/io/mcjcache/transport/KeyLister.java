package io.mcjcache.transport;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import javax.net.ssl.SSLException;

/**
 * Lists the keys on one node with {@code lru_crawler metadump}, which spymemcached has no verb for,
 * over a short-lived text-protocol socket of our own (the command cannot be pipelined with others,
 * so it must not share spymemcached's connection), secured like every other ({@link NodeSocket}). The op timeout bounds the connect and every read,
 * not the whole dump, which may legitimately take long on a big node.
 *
 * <p>{@code metadump hash} (memcached 1.6.9+) walks the hash table and misses fewer items than
 * {@code metadump all}, the LRU walk, which is used when the server rejects {@code hash}. Neither is
 * a consistent snapshot: keys may be missed or repeated (docs/design.md, "Facts about memcached").
 */
final class KeyLister {

  private static final int BUSY_RETRY_TIMEOUTS = 20;

  private final int timeoutMillis;
  private final TransportSecurity security;

  KeyLister(int timeoutMillis, TransportSecurity security) {
    this.timeoutMillis = timeoutMillis;
    this.security = security;
  }

  void listKeys(int node, InetSocketAddress address, String prefix, Consumer<String> sink) {
    try {
      Outcome outcome = dumpWhenNotBusy(node, address, "hash", prefix, sink);
      if (outcome == Outcome.REJECTED) {
        outcome = dumpWhenNotBusy(node, address, "all", prefix, sink);
      }
      if (outcome == Outcome.REJECTED) {
        throw new NodeFailureException(node, FailureKind.PROTOCOL,
            "server rejected both 'lru_crawler metadump hash' and 'metadump all'", null);
      }
    } catch (SocketTimeoutException e) {
      throw new NodeFailureException(node, FailureKind.TIMEOUT, "metadump: no data within " + timeoutMillis + " ms", e);
    } catch (ConnectException e) {
      throw new NodeFailureException(node, FailureKind.UNREACHABLE, "metadump: cannot connect to " + address, e);
    } catch (SSLException e) {
      throw new NodeFailureException(node, FailureKind.REFUSED, "metadump: TLS failed: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new NodeFailureException(node, FailureKind.UNREACHABLE, "metadump: connection failed: " + e, e);
    }
  }

  /**
   * memcached runs one crawler request at a time and answers BUSY to others (another client may be
   * listing the same node): retry with a growing pause, for at most {@link #BUSY_RETRY_TIMEOUTS}
   * op timeouts in all.
   */
  private Outcome dumpWhenNotBusy(int node, InetSocketAddress address, String mode, String prefix,
      Consumer<String> sink) throws IOException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos((long) timeoutMillis * BUSY_RETRY_TIMEOUTS);
    long pauseMillis = 5;
    while (true) {
      Outcome outcome = dump(node, address, mode, prefix, sink);
      if (outcome != Outcome.BUSY) {
        return outcome;
      }
      if (System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(pauseMillis) > deadline) {
        throw new NodeFailureException(node, FailureKind.SERVER_ERROR,
            "lru_crawler stayed busy with another request for " + timeoutMillis * BUSY_RETRY_TIMEOUTS + " ms", null);
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(pauseMillis));
      pauseMillis = Math.min(pauseMillis * 2, 200);
    }
  }

  private enum Outcome { DONE, REJECTED, BUSY }

  /** Runs one dump; says whether it completed, the mode was rejected, or the crawler was busy. */
  private Outcome dump(int node, InetSocketAddress address, String mode, String prefix, Consumer<String> sink)
      throws IOException {
    try (NodeSocket socket = NodeSocket.openAuthenticated(node, address, security, timeoutMillis)) {
      socket.send("lru_crawler metadump " + mode);
      boolean first = true;
      for (String line = socket.readLine(); line != null; line = socket.readLine()) {
        if (line.startsWith("key=")) {
          String key = decode(node, line);
          if (key.startsWith(prefix)) {
            sink.accept(key);
          }
        } else if (line.equals("END")) {
          return Outcome.DONE;
        } else if (first) {
          // ERROR, CLIENT_ERROR or BADCLASS: this mode is not supported; BUSY: not now.
          return line.startsWith("BUSY") ? Outcome.BUSY : Outcome.REJECTED;
        } else {
          throw new NodeFailureException(node, FailureKind.PROTOCOL, "unexpected metadump line: " + line, null);
        }
        first = false;
      }
      throw new NodeFailureException(node, FailureKind.UNREACHABLE, "connection closed before END of metadump", null);
    }
  }

  private static String decode(int node, String line) {
    int end = line.indexOf(' ');
    String encoded = end < 0 ? line.substring(4) : line.substring(4, end);
    try {
      return MetadumpKeys.decode(encoded);
    } catch (IllegalArgumentException e) {
      throw new NodeFailureException(node, FailureKind.PROTOCOL, "undecodable metadump line: " + line, e);
    }
  }
}
