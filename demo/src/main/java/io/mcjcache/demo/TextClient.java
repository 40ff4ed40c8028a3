package io.mcjcache.demo;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A plain memcached text-protocol client on one connection, as an application in any language talks to a
 * proxy: it knows one address and nothing of the nodes behind it. Small on purpose, so that every answer is
 * read and judged and the demo's counts are exact: {@code STORED} acknowledges a {@code set},
 * {@code DELETED} or {@code NOT_FOUND} a {@code delete}, {@code VALUE}... {@code END} answers a {@code get}.
 * Any other answer ({@code SERVER_ERROR}, say) fails that command, a multi-get as a whole, as client
 * libraries do; a timeout or a closed connection fails every command still waiting for its answer, and the
 * next call connects again (twemproxy closes a client's connection after an error on a multi-get).
 */
final class TextClient implements AutoCloseable {
  /** Commands sent before their answers are read: bounded, so no socket buffer can fill up meanwhile. */
  private static final int PIPELINE = 100;

  private final InetSocketAddress address;
  private final int timeoutMillis;
  private Socket socket;
  private InputStream in;
  private OutputStream out;

  /** A client of {@code address}; it connects on first use. {@code timeout} bounds connecting and each read. */
  TextClient(InetSocketAddress address, Duration timeout) {
    this.address = address;
    this.timeoutMillis = (int) timeout.toMillis();
  }

  /** One {@code get} of all {@code keys}: the values found, or none if the answer was an error. */
  Map<String, String> getAll(Collection<String> keys) {
    if (keys.isEmpty()) {
      return Map.of();
    }
    StringBuilder command = new StringBuilder("get");
    keys.forEach(key -> command.append(' ').append(key));
    command.append("\r\n");
    Map<String, String> found = new HashMap<>();
    try {
      send(command.toString().getBytes(StandardCharsets.UTF_8));
      for (String line = readLine(); !line.equals("END"); line = readLine()) {
        String[] value = line.split(" ");
        if (value.length < 4 || !value[0].equals("VALUE")) {
          throw new IOException("answer to get: " + line);
        }
        found.put(value[1], readData(Integer.parseInt(value[3])));
      }
      return found;
    } catch (IOException | RuntimeException e) {
      // An error answer, a timeout or a lost connection: the whole get failed. Start afresh next time,
      // since after an error the rest of the answer (if any) cannot be told from the next one.
      disconnect();
      return Map.of();
    }
  }

  /** {@code set}s every entry (flags 0, no expiry) and returns the keys answered {@code STORED}. */
  Set<String> setAll(Map<String, String> entries) {
    List<String> keys = new ArrayList<>(entries.keySet());
    Set<String> stored = new HashSet<>();
    for (int from = 0; from < keys.size(); from += PIPELINE) {
      List<String> chunk = keys.subList(from, Math.min(keys.size(), from + PIPELINE));
      ByteArrayOutputStream request = new ByteArrayOutputStream();
      for (String key : chunk) {
        byte[] data = entries.get(key).getBytes(StandardCharsets.UTF_8);
        request.writeBytes(("set " + key + " 0 0 " + data.length + "\r\n").getBytes(StandardCharsets.UTF_8));
        request.writeBytes(data);
        request.writeBytes(new byte[] {'\r', '\n'});
      }
      exchange(chunk, request.toByteArray(), "STORED"::equals, stored);
    }
    return stored;
  }

  /** {@code delete}s every key and returns those answered {@code DELETED} or {@code NOT_FOUND}. */
  Set<String> deleteAll(Collection<String> keys) {
    List<String> all = new ArrayList<>(keys);
    Set<String> gone = new HashSet<>();
    for (int from = 0; from < all.size(); from += PIPELINE) {
      List<String> chunk = all.subList(from, Math.min(all.size(), from + PIPELINE));
      StringBuilder request = new StringBuilder();
      chunk.forEach(key -> request.append("delete ").append(key).append("\r\n"));
      exchange(chunk, request.toString().getBytes(StandardCharsets.UTF_8),
          answer -> answer.equals("DELETED") || answer.equals("NOT_FOUND"), gone);
    }
    return gone;
  }

  @Override
  public void close() {
    disconnect();
  }

  /**
   * Sends one pipelined chunk and reads one answer line per key, adding the keys whose answer {@code ok}
   * accepts to {@code acknowledged}. An error line answers its own command only (a proxy that fails a
   * {@code set} has read its data block, as memcached does for one too large); a broken connection or a
   * timeout leaves the rest of the chunk unacknowledged.
   */
  private void exchange(List<String> keys, byte[] request, Predicate<String> ok, Set<String> acknowledged) {
    try {
      send(request);
      for (String key : keys) {
        if (ok.test(readLine())) {
          acknowledged.add(key);
        }
      }
    } catch (IOException e) {
      disconnect();
    }
  }

  private void send(byte[] request) throws IOException {
    if (socket == null) {
      Socket fresh = new Socket();
      try {
        fresh.connect(address, timeoutMillis);
        fresh.setSoTimeout(timeoutMillis);
        fresh.setTcpNoDelay(true);
      } catch (IOException e) {
        fresh.close();
        throw e;
      }
      socket = fresh;
      in = new BufferedInputStream(fresh.getInputStream(), 64 * 1024);
      out = fresh.getOutputStream();
    }
    out.write(request);
    out.flush();
  }

  /** One line without its {@code \r\n}; the protocol's lines are ASCII. */
  private String readLine() throws IOException {
    StringBuilder line = new StringBuilder();
    int previous = -1;
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new EOFException("connection closed by " + address);
      }
      if (b == '\n' && previous == '\r') {
        line.setLength(line.length() - 1);
        return line.toString();
      }
      line.append((char) b);
      previous = b;
    }
  }

  private String readData(int length) throws IOException {
    byte[] data = in.readNBytes(length + 2);
    if (data.length < length + 2 || data[length] != '\r' || data[length + 1] != '\n') {
      throw new IOException("data block of " + length + " bytes not followed by \\r\\n");
    }
    return new String(data, 0, length, StandardCharsets.UTF_8);
  }

  private void disconnect() {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // Closing a broken connection: nothing left to do.
      }
      socket = null;
      in = null;
      out = null;
    }
  }
}
