package io.mcjcache.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

/**
 * The testkit starts nodes that speak only TLS, and nodes that require ASCII authentication: a client with
 * the trust store (or the password) is served, a plain-text client (or one without the password) is not.
 */
class TlsAndAuthClusterTest {
  @Test
  void aTlsNodeServesTlsClientsAndNothingInPlainText() throws Exception {
    TlsMaterial tls = TlsMaterial.generate();
    try (MemcachedCluster cluster = MemcachedCluster.builder().nodes(1).tls(tls).start()) {
      MemcachedNode node = cluster.node(0);
      assertThat(node.stats()).containsKey("version"); // the testkit's own command, over TLS
      try (Socket plain = new Socket("127.0.0.1", node.port())) {
        plain.setSoTimeout(2000);
        assertThat(exchange(plain, "version\r\n")).as("a plain-text request gets no memcached answer")
            .doesNotStartWith("VERSION");
      }
      try (SSLSocket secure = (SSLSocket) tls.clientContext().getSocketFactory().createSocket("127.0.0.1",
          node.port())) {
        secure.setSoTimeout(2000);
        assertThat(exchange(secure, "version\r\n")).startsWith("VERSION ");
      }
      SSLContext trustsNothingOfOurs = SSLContext.getInstance("TLS");
      trustsNothingOfOurs.init(null, null, null); // the JDK's default trust: no self-signed test certificate
      try (SSLSocket stranger = (SSLSocket) trustsNothingOfOurs.getSocketFactory().createSocket("127.0.0.1",
          node.port())) {
        stranger.setSoTimeout(2000);
        org.assertj.core.api.Assertions.assertThatThrownBy(stranger::startHandshake)
            .isInstanceOf(SSLHandshakeException.class);
      }
    }
  }

  @Test
  void anAuthenticatedNodeServesOnlyAfterTheRightPassword() throws Exception {
    try (MemcachedCluster cluster = MemcachedCluster.builder().nodes(1).asciiAuth("app", "s3cret").start()) {
      MemcachedNode node = cluster.node(0);
      assertThat(node.stats()).containsKey("version"); // the testkit authenticates first
      try (Socket anonymous = new Socket("127.0.0.1", node.port())) {
        anonymous.setSoTimeout(2000);
        assertThat(exchange(anonymous, "version\r\n")).isEqualTo("CLIENT_ERROR unauthenticated");
      }
      try (Socket wrong = new Socket("127.0.0.1", node.port())) {
        wrong.setSoTimeout(2000);
        assertThat(exchange(wrong, new AsciiAuth("app", "wrong").request()))
            .isEqualTo("CLIENT_ERROR authentication failure");
      }
      try (Socket right = new Socket("127.0.0.1", node.port())) {
        right.setSoTimeout(2000);
        assertThat(exchange(right, new AsciiAuth("app", "s3cret").request())).isEqualTo("STORED");
        assertThat(exchange(right, "version\r\n")).startsWith("VERSION ");
      }
    }
    assertThat(new AsciiAuth("app", "s3cret").toString()).doesNotContain("s3cret");
  }

  /** Sends {@code request}; the first answer line, or what ended the exchange. */
  private static String exchange(Socket socket, String request) {
    try {
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String line = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1))
          .readLine();
      return line == null ? "<closed>" : line;
    } catch (IOException e) {
      return "<" + e.getClass().getSimpleName() + ">";
    }
  }
}
