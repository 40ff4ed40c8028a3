package io.mcjcache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcjcache.testkit.MemcachedClusterExtension;
import io.mcjcache.testkit.TlsMaterial;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * JCache on TLS-only memcached servers that require ASCII authentication, configured only through the
 * documented keys: every operation (iteration and clear list keys over sockets of their own) works, and each
 * misconfiguration is a {@link CacheException} at {@code getCacheManager} that says what to fix and shows no
 * password.
 */
class SecuredClusterCacheTest {
  private static final String USER = "shop";
  private static final String PASSWORD = "cart-s3cret";

  private static final TlsMaterial TLS = TlsMaterial.generate();

  @RegisterExtension
  static final MemcachedClusterExtension CLUSTER = MemcachedClusterExtension.withNodes(2)
      .configure(nodes -> nodes.tls(TLS).asciiAuth(USER, PASSWORD));

  @TempDir
  static Path dir;

  private final MemcachedCachingProvider provider = new MemcachedCachingProvider();

  @AfterEach
  void close() {
    provider.close();
  }

  @Test
  void everyCacheOperationWorksOverTlsWithAPasswordFile() throws IOException {
    Path passwordFile = Files.writeString(dir.resolve("password"), PASSWORD + "\n");
    Properties settings = security();
    settings.remove("auth.password");
    settings.setProperty("auth.passwordFile", passwordFile.toString());
    CacheManager manager =
        provider.getCacheManager(URI.create(CLUSTER.cluster().uri()), getClass().getClassLoader(), settings);
    Cache<Integer, String> cache = manager.createCache("orders",
        new MutableConfiguration<Integer, String>().setTypes(Integer.class, String.class).setStatisticsEnabled(true));
    Map<Integer, String> entries = new HashMap<>();
    for (int i = 0; i < 200; i++) {
      entries.put(i, "order-" + i);
    }
    cache.putAll(entries);

    assertThat(cache.get(7)).isEqualTo("order-7");
    assertThat(cache.getAll(Set.of(1, 2, 3))).containsOnlyKeys(1, 2, 3);
    Set<Integer> iterated = new HashSet<>();
    cache.forEach(entry -> iterated.add(entry.getKey()));
    assertThat(iterated).isEqualTo(entries.keySet());
    cache.clear();
    assertThat(cache.get(7)).isNull();
  }

  @Test
  void aWrongPasswordIsACacheExceptionThatNamesTheUserNotThePassword() {
    Properties settings = security();
    settings.setProperty("auth.password", "not-the-password");
    assertThatThrownBy(
        () -> provider.getCacheManager(URI.create(CLUSTER.cluster().uri()), getClass().getClassLoader(), settings))
        .isInstanceOf(CacheException.class)
        .hasMessageContaining("refused the credentials of auth.username 'shop'")
        .hasMessageNotContaining("not-the-password");
  }

  @Test
  void noPasswordIsACacheExceptionThatSaysWhatToSet() {
    Properties settings = security();
    settings.remove("auth.username");
    settings.remove("auth.password");
    assertThatThrownBy(
        () -> provider.getCacheManager(URI.create(CLUSTER.cluster().uri()), getClass().getClassLoader(), settings))
        .isInstanceOf(CacheException.class)
        .hasMessageContaining("asks for authentication")
        .hasMessageContaining("auth.username");
  }

  @Test
  void aClientWithoutTheTrustStoreIsRefusedNamingTheHandshake() {
    Properties settings = security();
    settings.remove("tls.trustStore");
    settings.remove("tls.trustStorePassword");
    assertThatThrownBy(
        () -> provider.getCacheManager(URI.create(CLUSTER.cluster().uri()), getClass().getClassLoader(), settings))
        .isInstanceOf(CacheException.class)
        .hasMessageContaining("failed the TLS handshake")
        .hasMessageContaining("tls.trustStore");
  }

  @Test
  void aWrongTrustStorePasswordNamesTheKey() {
    Properties settings = security();
    settings.setProperty("tls.trustStorePassword", "wrong-store-s3cret");
    assertThatThrownBy(
        () -> provider.getCacheManager(URI.create(CLUSTER.cluster().uri()), getClass().getClassLoader(), settings))
        .isInstanceOf(CacheException.class)
        .hasMessageContaining("tls.trustStorePassword does not open tls.trustStore")
        .hasMessageNotContaining("wrong-store-s3cret");
  }

  /** The JCache MBeans carry the manager's URI in their names; a password given in its query is masked. */
  @Test
  void aPasswordInTheUriIsMaskedInTheMBeanNames() throws Exception {
    Properties settings = security();
    settings.remove("auth.password");
    URI uri = URI.create(CLUSTER.cluster().uri() + "?auth.password=" + PASSWORD);
    CacheManager manager = provider.getCacheManager(uri, getClass().getClassLoader(), settings);
    manager.createCache("masked", new MutableConfiguration<String, String>().setStatisticsEnabled(true)
        .setManagementEnabled(true));
    Set<ObjectName> names = ManagementFactory.getPlatformMBeanServer().queryNames(null, null);
    assertThat(names).anySatisfy(name -> assertThat(name.toString()).contains("masked"));
    assertThat(names).allSatisfy(name -> assertThat(name.toString()).doesNotContain(PASSWORD));
  }

  private static Properties security() {
    return CLUSTER.cluster().clientSettings();
  }
}
