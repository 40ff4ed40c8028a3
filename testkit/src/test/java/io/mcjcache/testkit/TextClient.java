package io.mcjcache.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A minimal memcached text-protocol client, so the testkit's tests depend on nothing but a socket. */
final class TextClient implements AutoCloseable {
  private final Socket socket;
  private final BufferedReader in;
  private final OutputStream out;

  TextClient(InetSocketAddress address, int timeoutMillis) throws IOException {
    socket = new Socket();
    socket.connect(address, timeoutMillis);
    socket.setSoTimeout(timeoutMillis);
    in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
    out = socket.getOutputStream();
  }

  String set(String key, String value) throws IOException {
    send("set " + key + " 0 0 " + value.length() + "\r\n" + value);
    return in.readLine();
  }

  /** The value, or null on a miss. */
  String get(String key) throws IOException {
    send("get " + key);
    String line = in.readLine();
    if (line.equals("END")) {
      return null;
    }
    String value = in.readLine();
    in.readLine(); // END
    return value;
  }

  private void send(String command) throws IOException {
    out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
