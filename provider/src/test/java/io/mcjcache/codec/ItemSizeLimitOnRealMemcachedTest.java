package io.mcjcache.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcjcache.testkit.MemcachedCluster;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The measurement behind {@link ItemSizeLimit#ITEM_OVERHEAD_BYTES}, repeated on a real memcached: the
 * largest envelope the limit lets through is stored, with keys up to the longest we generate and with
 * non-zero client flags (which cost 4 more bytes, as ours always are), and one byte more is refused by the
 * server itself, so the figure is exact. Each case starts its own one-node cluster because it needs a
 * chosen {@code -I}.
 */
class ItemSizeLimitOnRealMemcachedTest {

  @ParameterizedTest
  @ValueSource(ints = {1 << 20, 2 << 20, 4 << 20})
  void largestEnvelopeThatFitsIsStored(int itemSizeLimitBytes) throws Exception {
    try (MemcachedCluster cluster = MemcachedCluster.builder().nodes(1).itemSizeLimitBytes(itemSizeLimitBytes).start();
        Socket socket = new Socket()) {
      socket.connect(cluster.node(0).address(), 5_000);
      socket.setSoTimeout(5_000);
      ItemSizeLimit limit = new ItemSizeLimit(itemSizeMax(socket));
      assertThat(limit.maxItemBytes()).as("the server runs with the -I we asked for").isEqualTo(itemSizeLimitBytes);
      for (int keyLength : new int[] {1, 120, KeyEncoder.MAX_KEY_LENGTH}) {
        int envelope = (int) (limit.maxItemBytes() - keyLength - ItemSizeLimit.ITEM_OVERHEAD_BYTES);
        assertThat(limit.fits(keyLength, envelope)).isTrue();
        assertThat(limit.fits(keyLength, envelope + 1)).isFalse();

        assertThat(set(socket, "k".repeat(keyLength), 0xFFFF_FFFFL, envelope)).isEqualTo("STORED");
        assertThat(set(socket, "k".repeat(keyLength), 0, envelope)).isEqualTo("STORED");
        assertThat(set(socket, "k".repeat(keyLength), 0xFFFF_FFFFL, envelope + 1))
            .as("one byte more than the figure allows is refused by memcached itself").startsWith("SERVER_ERROR");
      }
      // the allowance is not absurdly generous either: 40 bytes more than it allows is refused
      int tooBig = (int) (limit.maxItemBytes() - ItemSizeLimit.ITEM_OVERHEAD_BYTES + 40);
      assertThat(set(socket, "k".repeat(KeyEncoder.MAX_KEY_LENGTH), 1, tooBig))
          .startsWith("SERVER_ERROR");
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
