package io.mcjcache.proxy;

import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Meta commands to a proxy or a plain memcached over a {@link RawClient}, reading answers byte-exactly: a {@code VA}
 * (or {@code VALUE}) line's data block is read by its length, so data may hold {@code \r\n}. {@link #exchange} ends
 * every request with {@code mn} and collects what came before {@code MN}: that is exactly the request's answer, quiet
 * mode and swallowed data blocks included, with no timeouts to guess.
 */
final class MetaWire implements AutoCloseable {
  private final RawClient raw;

  MetaWire(int port) throws IOException {
    raw = new RawClient(port);
  }

  MetaWire send(String text) throws IOException {
    raw.send(text);
    return this;
  }

  MetaWire send(byte[] bytes) throws IOException {
    raw.send(bytes);
    return this;
  }

  /** The next line without its {@code \r\n} (ISO-8859-1, one char per byte); a closed connection is an error. */
  String line() throws IOException {
    String line = raw.line();
    if (line == null) {
      throw new EOFException("connection closed");
    }
    return line;
  }

  /**
   * Sends {@code request} (ISO-8859-1) and then {@code mn}; returns the answer lines before {@code MN}, each data block
   * as one entry of its own.
   */
  List<String> exchange(String request) throws IOException {
    send(request + "mn\r\n");
    List<String> answer = new ArrayList<>();
    for (String line = line(); !line.equals("MN"); line = line()) {
      answer.add(line);
      int length = dataLength(line);
      if (length >= 0) {
        answer.add(new String(block(length, line), StandardCharsets.ISO_8859_1));
      }
    }
    return answer;
  }

  /** The whole answer of {@link #exchange} as one string, lines joined by {@code |}. */
  String call(String request) throws IOException {
    return String.join("|", exchange(request));
  }

  /** The raw bytes memcached holds under {@code key} (for reading the proxy's copies on a node), or {@code null}. */
  byte[] rawValue(String key) throws IOException {
    send("mg " + key + " v\r\n");
    String line = line();
    return line.equals("EN") ? null : block(dataLength(line), line);
  }

  /** The data block announced by {@code line}: {@code length} bytes and its {@code \r\n}, which is checked. */
  private byte[] block(int length, String line) throws IOException {
    byte[] block = raw.bytes(length + 2);
    if (block[length] != '\r' || block[length + 1] != '\n') {
      throw new AssertionError("bad data block after " + line);
    }
    byte[] data = new byte[length];
    System.arraycopy(block, 0, data, 0, length);
    return data;
  }

  /** The data length a {@code VA <n> ...} or {@code VALUE <key> <flags> <n> ...} line announces, else -1. */
  private static int dataLength(String line) {
    String[] parts = line.split(" ");
    if (parts[0].equals("VA") && parts.length >= 2) {
      return Integer.parseInt(parts[1]);
    }
    if (parts[0].equals("VALUE") && parts.length >= 4) {
      return Integer.parseInt(parts[3]);
    }
    return -1;
  }

  @Override
  public void close() throws IOException {
    raw.close();
  }
}
