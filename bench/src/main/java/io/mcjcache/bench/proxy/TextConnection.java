package io.mcjcache.bench.proxy;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * One logical client connection of the load: one blocking socket to an endpoint that routes by itself (the
 * proxy, twemproxy), or one socket per node when the client routes ({@code direct}: each key's request goes
 * to the node {@code nodeOfKey} names). At most one request is outstanding: {@link #send} writes it,
 * {@link #receive} reads and checks its answer. A wrong answer ({@code SERVER_ERROR}, a miss, other bytes)
 * is returned as a message and the connection stays usable; a broken or timed-out socket throws.
 */
final class TextConnection implements AutoCloseable {
  static final int READ_TIMEOUT_MS = 10_000;
  private static final byte[] STORED = Keyspace.ascii("STORED");
  private static final byte[] END = Keyspace.ascii("END");

  private final Socket[] sockets;
  private final OutputStream[] outs;
  private final Reader[] ins;
  private final int[] nodeOfKey;
  private final Keyspace keys;

  private boolean pendingGet;
  private int pendingKey = -1;
  private int pendingSocket;
  private long sentAt;

  private TextConnection(List<InetSocketAddress> addresses, int[] nodeOfKey, Keyspace keys) throws IOException {
    this.nodeOfKey = nodeOfKey;
    this.keys = keys;
    sockets = new Socket[addresses.size()];
    outs = new OutputStream[addresses.size()];
    ins = new Reader[addresses.size()];
    try {
      for (int i = 0; i < addresses.size(); i++) {
        Socket socket = new Socket();
        sockets[i] = socket;
        socket.setTcpNoDelay(true);
        socket.connect(addresses.get(i), 5_000);
        socket.setSoTimeout(READ_TIMEOUT_MS);
        outs[i] = socket.getOutputStream();
        ins[i] = new Reader(socket.getInputStream());
      }
    } catch (IOException e) {
      close();
      throw e;
    }
  }

  /** A connection to one endpoint that routes keys itself. */
  static TextConnection to(InetSocketAddress address, Keyspace keys) throws IOException {
    return new TextConnection(List.of(address), null, keys);
  }

  /** A connection with a socket per node; key {@code i} goes to {@code nodes.get(nodeOfKey[i])}. */
  static TextConnection routed(List<InetSocketAddress> nodes, int[] nodeOfKey, Keyspace keys) throws IOException {
    return new TextConnection(nodes, nodeOfKey, keys);
  }

  /** Writes the request for {@code key} and remembers when; the answer must be read before the next send. */
  void send(boolean get, int key) throws IOException {
    int socket = nodeOfKey == null ? 0 : nodeOfKey[key];
    pendingGet = get;
    pendingKey = key;
    pendingSocket = socket;
    sentAt = System.nanoTime();
    outs[socket].write(get ? keys.getRequest(key) : keys.setRequest(key));
  }

  boolean hasPending() {
    return pendingKey >= 0;
  }

  long sentAt() {
    return sentAt;
  }

  /** Reads the answer to the last request: {@code null} when it is the expected one, else what was wrong. */
  String receive() throws IOException {
    Reader in = ins[pendingSocket];
    int key = pendingKey;
    pendingKey = -1;
    int length = in.readLine();
    if (!pendingGet) {
      return in.lineEquals(length, STORED) ? null : "set " + keys.key(key) + ": " + in.lineText(length);
    }
    if (in.lineEquals(length, END)) {
      return "get " + keys.key(key) + ": a miss";
    }
    if (!in.lineEquals(length, keys.valueLine(key))) {
      String line = in.lineText(length);
      if (line.startsWith("VALUE ")) {
        throw new IOException("get " + keys.key(key) + ": unexpected answer line '" + line + "'");
      }
      return "get " + keys.key(key) + ": " + line;
    }
    byte[] value = keys.value(key);
    boolean same = in.readAndCompare(value);
    int crlf = in.readLine();
    int end = in.readLine();
    if (crlf != 0 || !in.lineEquals(end, END)) {
      throw new IOException("get " + keys.key(key) + ": the value is not followed by END");
    }
    return same ? null : "get " + keys.key(key) + ": the value read back differs from the one written";
  }

  @Override
  public void close() {
    for (Socket socket : sockets) {
      if (socket != null) {
        try {
          socket.close();
        } catch (IOException ignored) {
          // closing anyway
        }
      }
    }
  }

  /** A buffered reader of lines and fixed-length blocks over a blocking stream. */
  private static final class Reader {
    private final InputStream in;
    private byte[] buffer = new byte[16 * 1024];
    private int start;
    private int limit;
    /** Where the line last returned by {@link #readLine} begins in {@link #buffer}. */
    private int lineStart;

    Reader(InputStream in) {
      this.in = in;
    }

    /** Reads up to the next CRLF; returns the line's length (without CRLF), found at {@link #lineStart}. */
    int readLine() throws IOException {
      int scanFrom = start;
      while (true) {
        for (int i = scanFrom; i + 1 < limit; i++) {
          if (buffer[i] == '\r' && buffer[i + 1] == '\n') {
            lineStart = start;
            start = i + 2;
            return i - lineStart;
          }
        }
        scanFrom = Math.max(start, limit - 1);
        int consumed = start;
        fill();
        scanFrom -= consumed - start;
      }
    }

    boolean lineEquals(int length, byte[] expected) {
      return length == expected.length
          && Arrays.equals(buffer, lineStart, lineStart + length, expected, 0, expected.length);
    }

    String lineText(int length) {
      return new String(buffer, lineStart, Math.min(length, 200), StandardCharsets.ISO_8859_1);
    }

    /** Reads {@code expected.length} bytes and says whether they are {@code expected}. */
    boolean readAndCompare(byte[] expected) throws IOException {
      while (limit - start < expected.length) {
        fill();
      }
      boolean same = Arrays.equals(buffer, start, start + expected.length, expected, 0, expected.length);
      start += expected.length;
      return same;
    }

    /** Moves what is unread to the front (growing the buffer if full) and reads more; may move {@link #start}. */
    private void fill() throws IOException {
      if (start > 0) {
        System.arraycopy(buffer, start, buffer, 0, limit - start);
        limit -= start;
        start = 0;
      }
      if (limit == buffer.length) {
        buffer = Arrays.copyOf(buffer, buffer.length * 2);
      }
      int read = in.read(buffer, limit, buffer.length - limit);
      if (read < 0) {
        throw new EOFException("the endpoint closed the connection");
      }
      limit += read;
    }
  }
}
