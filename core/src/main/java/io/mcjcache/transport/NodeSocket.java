package io.mcjcache.transport;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * A text-protocol connection of our own to one node (the key listing's, the start-up check's), secured as
 * the wire client's connections are: TLS with the same context and host name rule, then authentication.
 * The timeout bounds the connect, the handshake and every read.
 */
final class NodeSocket implements Closeable {

  private static final int MAX_LINE_BYTES = 64 * 1024;

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  private NodeSocket(Socket socket) throws IOException {
    this.socket = socket;
    this.in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
    this.out = socket.getOutputStream();
  }

  /**
   * Connects, and with TLS completes the handshake; does not authenticate (see {@link #authenticate}).
   * With host name verification the certificate must name {@code address}'s host as configured
   * ({@link InetSocketAddress#getHostString()}), an IP address or a name.
   */
  static NodeSocket open(InetSocketAddress address, TransportSecurity security, int timeoutMillis)
      throws IOException {
    return secure(connect(address, timeoutMillis), address, security);
  }

  /** The TCP connection alone: a failure here means the node cannot be reached, nothing more. */
  static Socket connect(InetSocketAddress address, int timeoutMillis) throws IOException {
    Socket plain = new Socket();
    try {
      plain.connect(address, timeoutMillis);
      plain.setSoTimeout(timeoutMillis);
      plain.setTcpNoDelay(true);
      return plain;
    } catch (IOException | RuntimeException e) {
      plain.close();
      throw e;
    }
  }

  /** Over a connected socket: TLS (handshake included) when configured; closes the socket on failure. */
  static NodeSocket secure(Socket plain, InetSocketAddress address, TransportSecurity security) throws IOException {
    try {
      if (!security.usesTls()) {
        return new NodeSocket(plain);
      }
      SSLSocket tls = (SSLSocket) security.tls().getSocketFactory()
          .createSocket(plain, address.getHostString(), address.getPort(), true);
      tls.setUseClientMode(true);
      if (security.verifyHostnames()) {
        SSLParameters parameters = tls.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        tls.setSSLParameters(parameters);
      }
      tls.startHandshake();
      return new NodeSocket(tls);
    } catch (IOException | RuntimeException e) {
      plain.close();
      throw e;
    }
  }

  /** Opens the socket and authenticates when the security settings say so. */
  static NodeSocket openAuthenticated(int node, InetSocketAddress address, TransportSecurity security,
      int timeoutMillis) throws IOException {
    NodeSocket socket = open(address, security, timeoutMillis);
    try {
      if (security.authenticates()) {
        socket.authenticate(node, security);
      }
      return socket;
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  /**
   * Sends memcached's ASCII authentication; the server answers {@code STORED} when it accepts the
   * credentials (and, when it does not ask for any, stores an item that expired at once).
   *
   * @throws NodeFailureException {@link FailureKind#REFUSED} when the server refuses them
   */
  void authenticate(int node, TransportSecurity security) throws IOException {
    String refusal = authenticationRefusal(security);
    if (refusal != null) {
      throw new NodeFailureException(node, FailureKind.REFUSED, refusal, null);
    }
  }

  /** Sends the authentication and says why the server refused it, or null when it accepted it. */
  String authenticationRefusal(TransportSecurity security) throws IOException {
    out.write(security.authenticationCommand());
    out.flush();
    String reply = readLine();
    return "STORED".equals(reply) ? null : "refused the credentials of auth.username '" + security.username()
        + "': " + (reply == null ? "connection closed" : reply);
  }

  /** Sends one command line and returns the first reply line, or null when the server closed the connection. */
  String command(String line) throws IOException {
    send(line);
    return readLine();
  }

  void send(String line) throws IOException {
    out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  /** Reads a line ended by LF (metadump's lines) or CRLF (all others); null at the end of the stream. */
  String readLine() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream(128);
    int b;
    while ((b = in.read()) != -1) {
      if (b == '\n') {
        return line.toString(StandardCharsets.US_ASCII).stripTrailing();
      }
      if (line.size() >= MAX_LINE_BYTES) {
        throw new IOException("reply line longer than " + MAX_LINE_BYTES + " bytes");
      }
      line.write(b);
    }
    return line.size() == 0 ? null : line.toString(StandardCharsets.US_ASCII);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
