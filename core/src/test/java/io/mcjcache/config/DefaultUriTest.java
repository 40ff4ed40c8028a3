package io.mcjcache.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;

/** Default URI: system property, else mcjcache.properties on the class path, else a local server. */
@ResourceLock("system property mcjcache.uri")
class DefaultUriTest {

  @TempDir
  Path dir;

  private String saved;

  @BeforeEach
  void saveSystemProperty() {
    saved = System.getProperty(DefaultUri.SYSTEM_PROPERTY);
    System.clearProperty(DefaultUri.SYSTEM_PROPERTY);
  }

  @AfterEach
  void restoreSystemProperty() {
    if (saved == null) {
      System.clearProperty(DefaultUri.SYSTEM_PROPERTY);
    } else {
      System.setProperty(DefaultUri.SYSTEM_PROPERTY, saved);
    }
  }

  @Test
  void systemPropertyWinsOverTheClasspathFile() throws IOException {
    try (URLClassLoader withFile = loaderWithDefaultFile()) {
      System.setProperty(DefaultUri.SYSTEM_PROPERTY, "memcached://ops-chosen:11300");

      assertThat(DefaultUri.resolve(withFile)).isEqualTo(URI.create("memcached://ops-chosen:11300"));
    }
  }

  @Test
  void classpathFileIsUsedWhenThePropertyIsUnset() throws IOException {
    try (URLClassLoader withFile = loaderWithDefaultFile()) {
      URI uri = DefaultUri.resolve(withFile);

      assertThat(uri).isEqualTo(URI.create("classpath:mcjcache.properties"));
      assertThat(SettingsParser.parse(uri, null, withFile).servers())
          .containsExactly(new ServerAddress("from-file", 1));
    }
  }

  @Test
  void localServerIsTheLastResort() throws IOException {
    try (URLClassLoader empty = new URLClassLoader(new URL[0], null)) {
      assertThat(DefaultUri.resolve(empty)).isEqualTo(URI.create("memcached://127.0.0.1:11211"));
      assertThat(SettingsParser.parse(DefaultUri.resolve(empty), null, empty).mirror()).isEqualTo(Mirroring.NONE);
    }
  }

  @Test
  void explicitValueOverloadNeedsNoGlobalState() throws IOException {
    try (URLClassLoader empty = new URLClassLoader(new URL[0], null)) {
      assertThat(DefaultUri.resolve("file:/etc/mc.properties", empty)).isEqualTo(URI.create("file:/etc/mc.properties"));
      assertThat(DefaultUri.resolve(null, empty)).isEqualTo(DefaultUri.LOCAL_SERVER);
    }
  }

  @Test
  void malformedOrEmptyPropertyIsAnErrorNamingTheProperty() {
    assertThatIllegalArgumentException().isThrownBy(() -> DefaultUri.resolve("memcached://a b", null))
        .withMessageContaining("system property mcjcache.uri is not a URI, got 'memcached://a b'");
    assertThatIllegalArgumentException().isThrownBy(() -> DefaultUri.resolve("", null))
        .withMessageContaining("system property mcjcache.uri is not a URI, got ''");
  }

  private URLClassLoader loaderWithDefaultFile() throws IOException {
    Files.writeString(dir.resolve("mcjcache.properties"), "servers=from-file:1\n");
    return new URLClassLoader(new URL[] {dir.toUri().toURL()}, null);
  }
}
