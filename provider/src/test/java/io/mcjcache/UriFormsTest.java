package io.mcjcache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcjcache.config.ClusterSettings;
import java.io.IOException;
import java.io.Writer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CacheManager URI forms (docs/configuration.md, "URI forms"), as the provider accepts them. */
class UriFormsTest {
  private final SharedStore servers = new SharedStore();
  private final MemcachedCachingProvider provider = servers.provider();

  @AfterEach
  void closeProvider() {
    provider.close();
  }

  private ClusterSettings open(URI uri, Properties properties) {
    CacheManager manager = provider.getCacheManager(uri, getClass().getClassLoader(), properties);
    assertThat(manager.getURI()).isEqualTo(uri);
    return manager.unwrap(MemcachedCacheManager.class).settings();
  }

  @Test
  void inlineUriListsTheServersInOrderWithQueryKeys() {
    ClusterSettings settings = open(URI.create("memcached://127.0.0.1:11300,127.0.0.1:11301?namespace=inline"), null);
    assertThat(settings.servers()).hasToString("[127.0.0.1:11300, 127.0.0.1:11301]");
    assertThat(settings.namespace()).isEqualTo("inline");
  }

  @Test
  void fileUriReadsTheSameKeysAndCallerPropertiesWin(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("cluster.properties");
    Properties content = new Properties();
    content.setProperty("servers", "127.0.0.1:11400,127.0.0.1:11401");
    content.setProperty("namespace", "fromfile");
    try (Writer out = Files.newBufferedWriter(file)) {
      content.store(out, null);
    }
    assertThat(open(file.toUri(), null).namespace()).isEqualTo("fromfile");

    Properties overrides = new Properties();
    overrides.setProperty("namespace", "fromcaller");
    URI same = URI.create(file.toUri() + "?opTimeoutMs=300");
    ClusterSettings settings = open(same, overrides);
    assertThat(settings.namespace()).isEqualTo("fromcaller");
    assertThat(settings.opTimeoutMs()).isEqualTo(300);
  }

  @Test
  void classpathUriReadsAResource() {
    ClusterSettings settings = open(URI.create("classpath:mcjcache-test/cluster.properties"), null);
    assertThat(settings.namespace()).isEqualTo("fromclasspath");
    assertThat(settings.servers()).hasSize(2);
  }

  @Test
  void anUnreadableUriIsACacheExceptionNamingIt() {
    URI missing = URI.create("file:/nonexistent/mcjcache/nothing.properties");
    assertThatThrownBy(() -> provider.getCacheManager(missing, getClass().getClassLoader()))
        .isInstanceOf(CacheException.class)
        .hasMessageContaining("nothing.properties");
  }

  @Test
  void anUnknownKeyIsACacheExceptionNamingTheKey() {
    URI typo = URI.create(SharedStore.CLUSTER + "?opTimeotMs=5");
    assertThatThrownBy(() -> provider.getCacheManager(typo, getClass().getClassLoader()))
        .isInstanceOf(CacheException.class)
        .hasMessageContaining("opTimeotMs");
  }
}
