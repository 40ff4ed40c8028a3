package io.mcjcache.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.mcjcache.MemcachedCacheManager;
import io.mcjcache.cluster.RoutedClusterStore;
import io.mcjcache.spring.boot.app.CachingApplication;
import io.mcjcache.spring.boot.app.TitleService;
import io.mcjcache.testkit.MemcachedClusterExtension;
import io.mcjcache.testkit.TlsMaterial;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.actuate.health.Status;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A Boot application on a 2-node cluster that speaks only TLS and asks for memcached's ASCII authentication
 * ({@code memcached -Z -Y}), configured with {@code mcjcache.tls.*} and {@code mcjcache.auth.*} properties alone:
 * the trust store, its password and a password file, as an application deployed with its secrets in files
 * would be.
 */
class SecuredClusterApplicationTest {
  private static final String USER = "app";
  private static final String PASSWORD = "s3cret-Pa55";
  private static final String WRONG_PASSWORD = "wr0ng-Pa55";
  private static final TlsMaterial TLS = TlsMaterial.generate();

  @RegisterExtension
  static final MemcachedClusterExtension CLUSTER = MemcachedClusterExtension.withNodes(2)
      .configure(cluster -> cluster.tls(TLS).asciiAuth(USER, PASSWORD));

  @TempDir
  Path secrets;

  @Test
  void cachesAndIsHealthyOnATlsClusterThatAsksForCredentials() throws IOException, InterruptedException {
    Path passwordFile = Files.writeString(secrets.resolve("memcached-password"), PASSWORD + "\n");
    try (ConfigurableApplicationContext context = CachingApplication.start("minimal",
        "--mcjcache.servers=" + CLUSTER.cluster().serverList(),
        "--mcjcache.tls.enabled=true",
        "--mcjcache.tls.trust-store=" + TLS.trustStore(),
        "--mcjcache.tls.trust-store-password=" + TlsMaterial.TRUST_STORE_PASSWORD,
        "--mcjcache.auth.username=" + USER,
        "--mcjcache.auth.password-file=" + passwordFile,
        // Every read goes to the servers (no near cache), probes come quickly, and this process probes itself.
        "--mcjcache.near-cache.max-entries=0",
        "--mcjcache.health-interval-ms=100",
        "--mcjcache.liveness.file=none",
        "--management.endpoint.health.show-details=always")) {
      MemcachedCacheManager manager = context.getBean(MemcachedCacheManager.class);
      assertThat(manager.settings().tls().enabled()).isTrue();
      assertThat(manager.settings().tls().trustStore()).isEqualTo(TLS.trustStore());
      assertThat(manager.settings().auth().username()).isEqualTo(USER);
      assertThat(manager.settings().auth().passwordFile()).isEqualTo(passwordFile);
      assertThat(manager.getURI()).as("the servers only").isEqualTo(ManagerRequest.uri(CLUSTER.cluster()
          .serverList()));

      TitleService titles = context.getBean(TitleService.class);
      int before = titles.lookups();
      assertThat(titles.title(7)).isEqualTo("Title 7");
      assertThat(titles.title(7)).isEqualTo("Title 7");
      assertThat(titles.lookups()).as("the second call is a hit, read from the servers").isEqualTo(before + 1);

      // The health probes open connections of their own: they pass the handshake and the authentication too.
      RoutedClusterStore store = manager.unwrap(RoutedClusterStore.class);
      Deadline.await("5 probe rounds", () -> store.figures().getProbeRounds() >= 5);
      Health health = (Health) context.getBean(HealthEndpoint.class).healthForPath("mcjcache");
      assertThat(health.getStatus()).isEqualTo(Status.UP);
      assertThat(health.getDetails()).containsEntry("nodesServing", 2L).containsEntry("coverage", "full");
      assertThat(context.getBean(HealthEndpoint.class).health().getStatus()).isEqualTo(Status.UP);
      assertThat(store.figures().getNodeFailures()).isZero();
    }
  }

  @Test
  void aWrongPasswordStopsTheApplicationSayingSoWithoutShowingIt() {
    Throwable failure = catchThrowable(() -> CachingApplication.start("minimal",
        "--mcjcache.servers=" + CLUSTER.cluster().serverList(),
        "--mcjcache.tls.enabled=true",
        "--mcjcache.tls.trust-store=" + TLS.trustStore(),
        "--mcjcache.tls.trust-store-password=" + TlsMaterial.TRUST_STORE_PASSWORD,
        "--mcjcache.auth.username=" + USER,
        "--mcjcache.auth.password=" + WRONG_PASSWORD).close());

    assertThat(failure).as("the context does not start").isNotNull();
    String everything = stackTrace(failure);
    assertThat(everything).contains("refused the credentials of auth.username '" + USER + "'")
        .doesNotContain(WRONG_PASSWORD).doesNotContain(PASSWORD);
  }

  /** Every message of the chain, as a log would show the failure. */
  private static String stackTrace(Throwable failure) {
    StringWriter text = new StringWriter();
    failure.printStackTrace(new PrintWriter(text));
    return text.toString();
  }
}
