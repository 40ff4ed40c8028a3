package io.mcjcache.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The {@link ItemSizeLimit} allowance holds on a real memcached: the largest envelope it lets through
 * is stored, with the longest key we generate and with non-zero client flags (which cost 4 more bytes).
 * Starts its own memcached because it needs one with a chosen {@code -I}; skipped where there is none.
 */
class ItemSizeLimitOnRealMemcachedTest {

  private static final Path MEMCACHED = Path.of("/usr/bin/memcached");

  @ParameterizedTest
  @ValueSource(strings = {"1m", "2m", "4m"})
  void largestEnvelopeThatFitsIsStored(String itemSizeOption) throws Exception {
    assumeTrue(Files.isExecutable(MEMCACHED), "memcached not installed");
    int port = freePort();
    Process server = startMemcached(port, itemSizeOption);
    try (Socket socket = connectWithin(server, port, 5_000)) {
      ItemSizeLimit limit = new ItemSizeLimit(itemSizeMax(socket));
      for (int keyLength : new int[] {1, 120, KeyEncoder.MAX_KEY_LENGTH}) {
        int envelope = (int) (limit.maxItemBytes() - keyLength - ItemSizeLimit.ITEM_OVERHEAD_BYTES);
        assertThat(limit.fits(keyLength, envelope)).isTrue();
        assertThat(limit.fits(keyLength, envelope + 1)).isFalse();

        assertThat(set(socket, "k".repeat(keyLength), 0xFFFF_FFFFL, envelope)).isEqualTo("STORED");
        assertThat(set(socket, "k".repeat(keyLength), 0, envelope)).isEqualTo("STORED");
      }
      // the allowance is not absurdly generous either: 40 bytes more than it allows is refused
      int tooBig = (int) (limit.maxItemBytes() - ItemSizeLimit.ITEM_OVERHEAD_BYTES + 40);
      assertThat(set(socket, "k".repeat(KeyEncoder.MAX_KEY_LENGTH), 1, tooBig))
          .startsWith("SERVER_ERROR");
    } finally {
      server.destroy();
      server.waitFor();
    }
  }

  private static Process startMemcached(int port, String itemSizeOption) throws IOException {
    List<String> command = new ArrayList<>(List.of(MEMCACHED.toString(), "-l", "127.0.0.1",
        "-p", Integer.toString(port), "-U", "0", "-m", "64", "-I", itemSizeOption));
    if ("root".equals(System.getProperty("user.name"))) {
      command.addAll(List.of("-u", "nobody"));
    }
    return new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
  }

  private static int freePort() throws IOException {
    try (ServerSocket probe = new ServerSocket(0)) {
      return probe.getLocalPort();
    }
  }

  private static Socket connectWithin(Process server, int port, long timeoutMillis) throws Exception {
    long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
    while (true) {
      Socket socket = new Socket();
      try {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
        socket.setSoTimeout(5_000);
        return socket;
      } catch (IOException notYet) {
        socket.close();
        if (!server.isAlive()) {
          throw new IllegalStateException("memcached exited with " + server.exitValue());
        }
        if (System.nanoTime() > deadline) {
          throw notYet;
        }
        java.util.concurrent.locks.LockSupport.parkNanos(10_000_000L); // poll, bounded by the deadline
      }
    }
  }

  private static long itemSizeMax(Socket socket) throws IOException {
    socket.getOutputStream().write("stats settings\r\n".getBytes(StandardCharsets.US_ASCII));
    while (true) {
      String line = readLine(socket.getInputStream());
      if (line.startsWith("STAT item_size_max ")) {
        long value = Long.parseLong(line.substring("STAT item_size_max ".length()));
        while (!readLine(socket.getInputStream()).equals("END")) {
          // drain the rest of the reply
        }
        return value;
      }
    }
  }

  private static String set(Socket socket, String key, long flags, int length) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write(("set " + key + " " + flags + " 0 " + length + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.write(new byte[length]);
    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
    out.flush();
    return readLine(socket.getInputStream());
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    int c;
    while ((c = in.read()) != '\n') {
      if (c < 0) {
        throw new IOException("memcached closed the connection after: " + line);
      }
      if (c != '\r') {
        line.append((char) c);
      }
    }
    return line.toString();
  }
}
