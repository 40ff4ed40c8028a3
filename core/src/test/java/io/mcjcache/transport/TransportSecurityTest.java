package io.mcjcache.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcjcache.testkit.MemcachedCluster;
import io.mcjcache.testkit.TlsMaterial;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The transport against TLS-only and authenticating memcached servers: every kind of connection (the wire
 * client's, the key listing's, the start-up check's) is secured, refusals are clear errors at start, a
 * restarted server is authenticated again, and a hung TLS node costs only its own share.
 */
class TransportSecurityTest {

  private static final String USER = "app";
  private static final String PASSWORD = "s3cret-pass";

  private static TlsMaterial material;
  private static MemcachedCluster tls;
  private static MemcachedCluster auth;
  private static MemcachedCluster plain;

  @BeforeAll
  static void start() {
    material = TlsMaterial.generate();
    tls = MemcachedCluster.builder().nodes(2).tls(material).start();
    auth = MemcachedCluster.builder().nodes(2).asciiAuth(USER, PASSWORD).start();
    plain = MemcachedCluster.builder().nodes(1).start();
  }

  @AfterAll
  static void stop() {
    for (MemcachedCluster cluster : new MemcachedCluster[] {tls, auth, plain}) {
      if (cluster != null) {
        cluster.close();
      }
    }
  }

  @Test
  void everyConnectionSpeaksTlsToATlsOnlyCluster() {
    try (MemcachedTransport transport = open(tls, TransportSecurity.tls(material.clientContext(), true))) {
      for (int node = 0; node < 2; node++) {
        assertThat(join(transport.setAsync(node, "tls:" + node, 0, bytes("value " + node)))).isTrue();
        assertThat(transport.get(node, "tls:" + node)).isEqualTo(bytes("value " + node));
        assertThat(transport.stats(node)).containsKey("version");
        Set<String> listed = new HashSet<>();
        transport.listKeys(node, "tls:", listed::add);
        assertThat(listed).containsExactly("tls:" + node);
      }
    }
  }

  @Test
  void anUntrustedCertificateFailsAtStartNamingTheHandshake() {
    SSLContext jvmDefault = jvmDefaultContext();
    assertThatThrownBy(() -> open(tls, TransportSecurity.tls(jvmDefault, true)))
        .isInstanceOf(ServerAccessException.class)
        .hasMessageContaining("failed the TLS handshake")
        .hasMessageContaining("tls.trustStore")
        .hasMessageContaining(":" + tls.node(0).port() + ")");
  }

  @Test
  void aCertificateThatDoesNotNameTheHostFailsUnlessVerificationIsOff() {
    TlsMaterial otherName = TlsMaterial.generate("DNS:cache.example");
    try (MemcachedCluster cluster = MemcachedCluster.builder().nodes(1).tls(otherName).start()) {
      assertThatThrownBy(() -> open(cluster, TransportSecurity.tls(otherName.clientContext(), true)))
          .isInstanceOf(ServerAccessException.class)
          .hasMessageContaining("failed the TLS handshake")
          .hasMessageContaining("tls.hostnameVerification");
      try (MemcachedTransport transport = open(cluster, TransportSecurity.tls(otherName.clientContext(), false))) {
        assertThat(join(transport.setAsync(0, "k", 0, bytes("v")))).isTrue();
        assertThat(transport.get(0, "k")).isEqualTo(bytes("v"));
      }
    }
  }

  @Test
  void aClientCertificateOpensAServerThatRequiresOne() {
    TlsMaterial trustOnly = TlsMaterial.generate();
    TlsMaterial mutual = trustOnly.requiringClientCertificates();
    try (MemcachedCluster cluster = MemcachedCluster.builder().nodes(1).tls(mutual).start()) {
      assertThatThrownBy(() -> open(cluster, TransportSecurity.tls(trustOnly.clientContext(), true)))
          .isInstanceOf(ServerAccessException.class)
          .hasMessageContaining("client")
          .hasMessageContaining("certificate")
          .hasMessageContaining("tls.keyStore");
      SSLContext withCertificate = mutual.clientContext(); // trusts the server and presents the client's
      try (MemcachedTransport transport = open(cluster, TransportSecurity.tls(withCertificate, true))) {
        assertThat(join(transport.setAsync(0, "mutual", 0, bytes("v")))).isTrue();
        assertThat(transport.get(0, "mutual")).isEqualTo(bytes("v"));
      }
    }
  }

  @Test
  void aPlainTextClientIsToldTheServerMayWantTls() {
    assertThatThrownBy(() -> open(tls, TransportSecurity.PLAIN))
        .isInstanceOf(ServerAccessException.class)
        .hasMessageContaining("speaks TLS, not plain text")
        .hasMessageContaining("tls=true");
  }

  @Test
  void aTlsClientIsToldAPlainServerSpeaksPlainText() {
    assertThatThrownBy(() -> open(plain, TransportSecurity.tls(material.clientContext(), true)))
        .isInstanceOf(ServerAccessException.class)
        .hasMessageContaining("plain text");
  }

  @Test
  void theRightCredentialsOpenEveryKindOfConnection() {
    try (MemcachedTransport transport = open(auth, TransportSecurity.PLAIN.withCredentials(USER, PASSWORD))) {
      for (int node = 0; node < 2; node++) {
        assertThat(join(transport.setAsync(node, "auth:" + node, 0, bytes("value")))).isTrue();
        assertThat(transport.get(node, "auth:" + node)).isEqualTo(bytes("value"));
        Set<String> listed = new HashSet<>();
        transport.listKeys(node, "auth:", listed::add);
        assertThat(listed).containsExactly("auth:" + node);
      }
    }
  }

  @Test
  void aWrongPasswordFailsAtStartWithoutShowingIt() {
    assertThatThrownBy(() -> open(auth, TransportSecurity.PLAIN.withCredentials(USER, "wrong-password")))
        .isInstanceOf(ServerAccessException.class)
        .hasMessageContaining("refused the credentials of auth.username 'app'")
        .hasMessageContaining("CLIENT_ERROR authentication failure")
        .hasMessageNotContaining("wrong-password");
  }

  @Test
  void missingCredentialsFailAtStartSayingWhatToSet() {
    assertThatThrownBy(() -> open(auth, TransportSecurity.PLAIN))
        .isInstanceOf(ServerAccessException.class)
        .hasMessageContaining("asks for authentication")
        .hasMessageContaining("auth.username");
  }

  /** memcached -Y ignores the authenticating set's key and TTL; a server without -Y must not keep the secret. */
  @Test
  void credentialsSentToAServerThatDoesNotAskForThemAreNotReadable() {
    long setsBefore = Long.parseLong(plain.node(0).stats().get("cmd_set"));
    try (MemcachedTransport transport = open(plain, TransportSecurity.PLAIN.withCredentials(USER, PASSWORD))) {
      assertThat(join(transport.setAsync(0, "open", 0, bytes("v")))).as("the connection serves").isTrue();
      // the credentials arrived as a set of their own, besides the one above, and left nothing readable
      assertThat(Long.parseLong(plain.node(0).stats().get("cmd_set"))).isGreaterThanOrEqualTo(setsBefore + 2);
      assertThat(transport.get(0, TransportSecurity.AUTH_KEY)).isNull();
    }
  }

  @Test
  void aRestartedServerIsAuthenticatedAgain() {
    try (MemcachedTransport transport = open(auth, TransportSecurity.PLAIN.withCredentials(USER, PASSWORD))) {
      auth.node(1).restart();
      assertThat(setOnceConnected(transport, 1, "after-restart")).isTrue();
      assertThat(transport.get(1, "after-restart")).isEqualTo(bytes("v"));
    }
  }

  @Test
  void tlsAndAuthenticationTogether() {
    try (MemcachedCluster both = MemcachedCluster.builder().nodes(1).tls(material).asciiAuth(USER, PASSWORD).start();
        MemcachedTransport transport = open(both,
            TransportSecurity.tls(material.clientContext(), true).withCredentials(USER, PASSWORD))) {
      assertThat(join(transport.setAsync(0, "both", 0, bytes("v")))).isTrue();
      assertThat(transport.get(0, "both")).isEqualTo(bytes("v"));
      Set<String> listed = new HashSet<>();
      transport.listKeys(0, "both", listed::add);
      assertThat(listed).containsExactly("both");
    }
  }

  /**
   * The wire client's TLS handshake blocks its I/O thread for up to the op timeout on a node that accepts TCP
   * but never answers. With a client per node that stall stays with the hung node: calls to the healthy node
   * keep completing while the hung one's connection is dropped and re-tried, handshake and all.
   */
  @Test
  void aHungTlsNodeCostsOnlyItsOwnShare() throws Exception {
    try (MemcachedCluster cluster = MemcachedCluster.builder().nodes(2).tls(material).start();
        MemcachedTransport transport = new MemcachedTransport(TransportSettings.builder(cluster.addresses())
            .opTimeout(Duration.ofMillis(500)).timeoutExceptionThreshold(3)
            .security(TransportSecurity.tls(material.clientContext(), true)).build())) {
      assertThat(join(transport.setAsync(0, "healthy", 0, bytes("v")))).isTrue();
      cluster.node(1).pause();
      try {
        List<String> failures = new ArrayList<>();
        int hungDisconnected = 0;
        int healthyCalls = 0;
        // Until the hung node's connection has been found down (dropped, its reconnects handshaking) in a few
        // rounds: on a loaded machine the first drop can take a while.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (hungDisconnected < 3 && System.nanoTime() < deadline) {
          List<CompletableFuture<byte[]>> toHung = new ArrayList<>();
          for (int i = 0; i < 12; i++) {
            toHung.add(transport.getAsync(1, "hung:" + i));
          }
          for (int i = 0; i < 20; i++) {
            try {
              assertThat(transport.get(0, "healthy")).isEqualTo(bytes("v"));
              healthyCalls++;
            } catch (NodeFailureException e) {
              failures.add(e.kind() + ": " + e.getMessage());
            }
          }
          boolean down = false;
          for (CompletableFuture<byte[]> call : toHung) {
            try {
              call.get();
            } catch (ExecutionException e) {
              // The hung node's calls fail: that is its share. UNREACHABLE: its connection was dropped and is
              // being re-tried, handshake and all.
              down |= e.getCause() instanceof NodeFailureException failure && failure.kind() == FailureKind.UNREACHABLE;
            }
          }
          hungDisconnected += down ? 1 : 0;
        }
        assertThat(failures).as("calls to the healthy node while the other hangs").isEmpty();
        assertThat(healthyCalls).isGreaterThan(0);
        assertThat(hungDisconnected).as("rounds in which the hung node's connection was down, being re-tried")
            .isEqualTo(3);
      } finally {
        cluster.node(1).resume();
      }
    }
  }

  /** Sets {@code key} to "v" on the node once its connection is up (a reconnect has no event to wait on). */
  private static Boolean setOnceConnected(MemcachedTransport transport, int node, String key) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      try {
        return join(transport.setAsync(node, key, 0, bytes("v")));
      } catch (NodeFailureException e) {
        assertThat(e.kind()).isIn(FailureKind.UNREACHABLE, FailureKind.TIMEOUT);
        if (System.nanoTime() > deadline) {
          throw e;
        }
        sleepBriefly();
      }
    }
  }

  private static MemcachedTransport open(MemcachedCluster cluster, TransportSecurity security) {
    return new MemcachedTransport(TransportSettings.builder(cluster.addresses())
        .opTimeout(Duration.ofMillis(500)).security(security).build());
  }

  private static SSLContext jvmDefaultContext() {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, null, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static <T> T join(CompletableFuture<T> call) {
    try {
      return call.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void sleepBriefly() {
    try {
      Thread.sleep(50); // polling a reconnect that has no event to wait on
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
