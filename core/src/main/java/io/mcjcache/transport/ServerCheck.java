package io.mcjcache.transport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * The start-up check: before the wire client connects, each node is asked for its {@code version} over a
 * socket secured as every other connection is. The wire client cannot say why a node refuses it (a failed
 * handshake or refused credentials only make the node look dead, the reason logged at DEBUG), so a
 * configuration that a server refuses fails here, at {@code getCacheManager}, with the reason. A node that
 * cannot be reached or does not answer is not an error: it may be down, and health deals with that.
 *
 * <p>Outcomes (docs/operations.md, "Security"): a failed TLS handshake (the certificate is not trusted or
 * does not name the host); a plain-text answer to a TLS client; a server that asks for credentials when none
 * are configured, or refuses those given; a server that closes the connection on a plain-text command twice
 * (TLS-only, or the binary protocol only, as with SASL). A server that does not ask for the credentials
 * given is accepted with a WARNING: anyone on the network can use it.
 */
final class ServerCheck {

  private static final System.Logger LOG = System.getLogger(ServerCheck.class.getName());

  private final TransportSecurity security;
  private final int timeoutMillis;

  private ServerCheck(TransportSecurity security, int timeoutMillis) {
    this.security = security;
    this.timeoutMillis = timeoutMillis;
  }

  /**
   * Checks every node at once, within a few op timeouts in all.
   *
   * @throws ServerAccessException naming each node that refused this client and why
   */
  static void run(TransportSettings settings) {
    List<InetSocketAddress> nodes = settings.nodes();
    int timeoutMillis = (int) Math.min(Integer.MAX_VALUE, settings.opTimeout().toMillis());
    ServerCheck check = new ServerCheck(settings.security(), timeoutMillis);
    ExecutorService threads = Executors.newFixedThreadPool(Math.min(nodes.size(), 16),
        NodeConnections.daemonThreads("mcjcache-server-check"));
    try {
      List<Future<String>> outcomes = new ArrayList<>();
      for (int node = 0; node < nodes.size(); node++) {
        int index = node;
        outcomes.add(threads.submit(() -> check.refusal(index, nodes.get(index))));
      }
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(6L * timeoutMillis + 1000);
      List<String> refusals = new ArrayList<>();
      int first = -1;
      for (int node = 0; node < nodes.size(); node++) {
        String refusal = await(outcomes.get(node), deadline);
        if (refusal != null) {
          refusals.add("node " + node + " (" + describe(nodes.get(node)) + ") " + refusal);
          first = first < 0 ? node : first;
        }
      }
      if (!refusals.isEmpty()) {
        throw new ServerAccessException(first, "mcjcache: the servers refuse this client: "
            + String.join("; ", refusals), null);
      }
    } finally {
      threads.shutdownNow();
    }
  }

  private static String await(Future<String> outcome, long deadline) {
    try {
      return outcome.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException | ExecutionException e) {
      return null; // slow or odd: health decides about the node, not the start-up check
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** Why the node refuses this client, or null when it accepts it or cannot be reached. */
  private String refusal(int node, InetSocketAddress address) {
    return refusal(node, address, true);
  }

  private String refusal(int node, InetSocketAddress address, boolean retryOnClose) {
    Socket connected;
    try {
      connected = NodeSocket.connect(address, timeoutMillis);
    } catch (IOException e) {
      return null; // refused, unreachable, no answer to the connect: down for now, which health handles
    }
    try (NodeSocket socket = NodeSocket.secure(connected, address, security)) {
      return answerToVersion(node, address, socket);
    } catch (SSLHandshakeException e) {
      String reason = rootMessage(e);
      if (reason.contains("certificate_required") || reason.contains("bad_certificate")) {
        return "refused this client's certificate in the TLS handshake (" + reason + "): it verifies its clients;"
            + " set tls.keyStore to a client certificate it trusts";
      }
      return "failed the TLS handshake: " + reason + " (check tls.trustStore: it must hold the"
          + " certificate that signed the server's; with tls.hostnameVerification=true the certificate must name '"
          + address.getHostString() + "' as it is written in servers; a server that verifies its clients"
          + " needs tls.keyStore)";
    } catch (SSLException e) {
      return "answered the TLS handshake with something else: " + rootMessage(e) + " (is the server started"
          + " with TLS, memcached -Z? if it speaks plain text, remove tls=true)";
    } catch (SocketTimeoutException e) {
      // Hung, or speaking the other way: a TLS client's handshake and a plain client's line both wait forever.
      return security.usesTls() ? plainTextAnswer(address) : tlsAnswer(address);
    } catch (IOException e) {
      // Connected, then reset or closed: a TLS server that verifies its clients drops one without a certificate.
      return retryOnClose ? refusal(node, address, false) : dropped(address, e.getMessage());
    } catch (ClosedUnanswered e) {
      return retryOnClose ? refusal(node, address, false) : dropped(address, "closed without an answer");
    }
  }

  /**
   * The server dropped the connection twice before answering {@code version}: a TLS server does so to a
   * plain-text client, one that verifies its clients to a TLS client without a certificate, and a server
   * that speaks only the binary protocol (SASL) to any text command.
   */
  private String dropped(InetSocketAddress address, String how) {
    if (security.usesTls()) {
      return "dropped the TLS connection before answering 'version', twice (" + how + "): does it require a"
          + " client certificate (set tls.keyStore)?";
    }
    String tls = tlsAnswer(address);
    if (tls != null) {
      return tls;
    }
    return "dropped the connection before answering 'version', twice (" + how + "): does it speak only the"
        + " binary protocol (memcached -S, SASL, which mcjcache does not speak; use ASCII authentication,"
        + " memcached -Y)?";
  }

  /** The server closed the connection instead of answering. */
  private static final class ClosedUnanswered extends Exception {
    private static final long serialVersionUID = 1L;

    ClosedUnanswered() {
      super(null, null, false, false);
    }
  }

  private String answerToVersion(int node, InetSocketAddress address, NodeSocket socket)
      throws IOException, ClosedUnanswered {
    String reply = socket.command("version");
    if (reply == null) {
      throw new ClosedUnanswered();
    }
    if (reply.startsWith("VERSION ")) {
      if (security.authenticates()) {
        LOG.log(System.Logger.Level.WARNING, "mcjcache: node " + node + " (" + describe(address) + ") does not"
            + " ask for authentication: anyone who reaches it can read and write every entry (start memcached"
            + " with -Y to require the credentials of auth.username)");
      }
      return null;
    }
    if (reply.equals("CLIENT_ERROR unauthenticated")) {
      if (!security.authenticates()) {
        return "asks for authentication (memcached -Y) and none is configured: set auth.username and"
            + " auth.password (or auth.passwordFile)";
      }
      String refused = socket.authenticationRefusal(security);
      if (refused != null) {
        return refused;
      }
      String after = socket.command("version");
      return after != null && after.startsWith("VERSION ") ? null
          : "accepted the credentials, then answered 'version' with '" + after + "'";
    }
    return "answered 'version' with '" + reply + "'";
  }

  /**
   * A TLS handshake that times out is either a hung node or a plain-text server waiting for the end of a
   * line that never comes; a plain-text {@code version} tells them apart.
   */
  private String plainTextAnswer(InetSocketAddress address) {
    try (NodeSocket socket = NodeSocket.open(address, TransportSecurity.PLAIN, timeoutMillis)) {
      String reply = socket.command("version");
      if (reply != null && (reply.startsWith("VERSION ") || reply.startsWith("CLIENT_ERROR"))) {
        return "speaks plain text, not TLS (it answered '" + reply + "' without a handshake): start it with"
            + " TLS (memcached -Z) or remove tls=true";
      }
      return null;
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * A plain {@code version} that times out goes either to a hung node or to a TLS server waiting for the rest
   * of a TLS record. A handshake with the JVM's default trust tells them apart: any TLS answer, even a
   * certificate the JVM does not trust, shows a TLS server. Nothing is sent over it.
   */
  private String tlsAnswer(InetSocketAddress address) {
    try {
      SSLContext jvmDefault = SSLContext.getInstance("TLS");
      jvmDefault.init(null, null, null);
      try (NodeSocket socket = NodeSocket.open(address, TransportSecurity.tls(jvmDefault, false), timeoutMillis)) {
        return speaksTls();
      } catch (SSLHandshakeException e) {
        return speaksTls();
      }
    } catch (IOException | GeneralSecurityException e) {
      return null;
    }
  }

  private static String speaksTls() {
    return "speaks TLS, not plain text (it answered a TLS handshake, not 'version'): set tls=true and"
        + " tls.trustStore";
  }

  private static String describe(InetSocketAddress address) {
    return address.getHostString() + ":" + address.getPort();
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    String outer = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    return outer.contains(message) ? outer : outer + " (" + message + ")";
  }
}
