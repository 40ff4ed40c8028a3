package io.mcjcache.proxy;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A socket speaking meta commands to a proxy or a plain memcached, reading answers byte-exactly: a
 * {@code VA} (or {@code VALUE}) line's data block is read by its length, so data may hold {@code \r\n}.
 * {@link #exchange} ends every request with {@code mn} and collects what came before {@code MN}: that is
 * exactly the request's answer, quiet mode and swallowed data blocks included, with no timeouts to guess.
 */
final class MetaWire implements AutoCloseable {
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  MetaWire(int port) throws IOException {
    socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
    socket.setSoTimeout(10_000);
    in = socket.getInputStream();
    out = socket.getOutputStream();
  }

  MetaWire send(String text) throws IOException {
    return send(text.getBytes(StandardCharsets.ISO_8859_1));
  }

  MetaWire send(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
    return this;
  }

  /** The next line without its {@code \r\n} (ISO-8859-1, one char per byte). */
  String line() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != '\n') {
      if (b == -1) {
        throw new EOFException("connection closed after " + line.toString(StandardCharsets.ISO_8859_1));
      }
      line.write(b);
    }
    String text = line.toString(StandardCharsets.ISO_8859_1);
    if (!text.endsWith("\r")) {
      throw new AssertionError("line not ended by \\r\\n: " + text);
    }
    return text.substring(0, text.length() - 1);
  }

  /**
   * Sends {@code request} (ISO-8859-1) and then {@code mn}; returns the answer lines before {@code MN}, each
   * data block as one entry of its own.
   */
  List<String> exchange(String request) throws IOException {
    send(request + "mn\r\n");
    List<String> answer = new ArrayList<>();
    for (String line = line(); !line.equals("MN"); line = line()) {
      answer.add(line);
      int length = dataLength(line);
      if (length >= 0) {
        byte[] block = in.readNBytes(length + 2);
        if (block.length != length + 2 || block[length] != '\r' || block[length + 1] != '\n') {
          throw new AssertionError("bad data block after " + line);
        }
        answer.add(new String(block, 0, length, StandardCharsets.ISO_8859_1));
      }
    }
    return answer;
  }

  /** The whole answer of {@link #exchange} as one string, lines joined by {@code |}. */
  String call(String request) throws IOException {
    return String.join("|", exchange(request));
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

  /** The raw bytes memcached holds under {@code key} (for reading the proxy's copies on a node), or {@code null}. */
  byte[] rawValue(String key) throws IOException {
    send("mg " + key + " v\r\n");
    String line = line();
    if (line.equals("EN")) {
      return null;
    }
    int length = dataLength(line);
    byte[] block = in.readNBytes(length + 2);
    byte[] value = new byte[length];
    System.arraycopy(block, 0, value, 0, length);
    return value;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
