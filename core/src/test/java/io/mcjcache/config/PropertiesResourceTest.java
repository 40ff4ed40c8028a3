package io.mcjcache.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code classpath:}, {@code file:} and {@code jar:} forms, and the precedence of the layers. */
class PropertiesResourceTest {

  private static final String FILE_TEXT = """
      # what a team would ship
      servers = h1:11211, h2:11212, h3:11213
      opTimeoutMs = 300
      hash = jump
      namespace = from-file
      cache.users.nearCache.maxEntries = 10
      """;

  @TempDir
  Path dir;

  @Test
  void fileFormIsRead() throws IOException {
    Path file = write(dir.resolve("mc.properties"), FILE_TEXT);

    ClusterSettings settings = SettingsParser.parse(file.toUri(), null, null);

    assertFileValues(settings);
  }

  @Test
  void classpathFormIsReadThroughTheGivenClassLoader() throws IOException {
    write(dir.resolve("conf/mc.properties"), FILE_TEXT);
    try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, null)) {
      assertFileValues(SettingsParser.parse(URI.create("classpath:conf/mc.properties"), null, loader));
      // A leading slash, as in Class.getResource, is accepted too.
      assertFileValues(SettingsParser.parse(URI.create("classpath:/conf/mc.properties"), null, loader));
    }
  }

  @Test
  void classpathFormDoesNotSeeResourcesOfOtherLoaders() throws IOException {
    write(dir.resolve("only-here.properties"), FILE_TEXT);
    try (URLClassLoader empty = new URLClassLoader(new URL[0], null)) {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> SettingsParser.parse(URI.create("classpath:only-here.properties"), null, empty))
          .withMessageContaining("cannot read configuration from 'classpath:only-here.properties'")
          .withMessageContaining("no resource 'only-here.properties' on the class path");
    }
  }

  @Test
  void jarFormIsRead() throws IOException {
    Path jar = dir.resolve("app.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      out.putNextEntry(new JarEntry("config/mc.properties"));
      out.write(FILE_TEXT.getBytes(StandardCharsets.UTF_8));
      out.closeEntry();
    }
    URI uri = URI.create("jar:" + jar.toUri() + "!/config/mc.properties");

    assertFileValues(SettingsParser.parse(uri, null, null));
  }

  @Test
  void jarIsNotKeptOpenSoItCanBeReplacedAndReadAgain() throws IOException {
    Path jar = dir.resolve("app.jar");
    writeJar(jar, "servers=h1:1\nnamespace=first\n");
    URI uri = URI.create("jar:" + jar.toUri() + "!/mc.properties");
    assertThat(SettingsParser.parse(uri, null, null).namespace()).isEqualTo("first");

    // Replaced the way deployments do it: a new file moved over the old one (a new inode on Unix).
    Path next = dir.resolve("app.jar.next");
    writeJar(next, "servers=h1:1\nnamespace=second\n");
    Files.move(next, jar, StandardCopyOption.REPLACE_EXISTING);

    assertThat(SettingsParser.parse(uri, null, null).namespace()).isEqualTo("second");
  }

  @Test
  void precedenceIsCallerPropertiesOverUriQueryOverFile() throws IOException {
    Path file = write(dir.resolve("mc.properties"), FILE_TEXT);
    URI uri = URI.create(file.toUri() + "?opTimeoutMs=200&namespace=from-query&allDown=miss");
    Properties caller = new Properties();
    caller.setProperty("opTimeoutMs", "100");

    ClusterSettings settings = SettingsParser.parse(uri, caller, null);

    assertThat(settings.opTimeoutMs()).as("caller beats query and file").isEqualTo(100);
    assertThat(settings.namespace()).as("query beats file").isEqualTo("from-query");
    assertThat(settings.allDown()).as("query alone").isEqualTo(AllDownPolicy.MISS);
    assertThat(settings.hash()).as("file alone").isEqualTo(HashScheme.JUMP);
    assertThat(settings.servers()).as("file alone").hasSize(3);
  }

  @Test
  void queryAlsoWorksOnClasspathForm() throws IOException {
    write(dir.resolve("mc.properties"), FILE_TEXT);
    try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, null)) {
      ClusterSettings settings =
          SettingsParser.parse(URI.create("classpath:mc.properties?namespace=tenant-7"), null, loader);
      assertThat(settings.namespace()).isEqualTo("tenant-7");
      assertThat(settings.opTimeoutMs()).isEqualTo(300);
    }
  }

  @Test
  void callerPropertiesCanSupplyTheServersOfAFile() throws IOException {
    Path file = write(dir.resolve("mc.properties"), "opTimeoutMs=300\n");
    Properties caller = new Properties();
    caller.setProperty("servers", "h9:9");

    assertThat(SettingsParser.parse(file.toUri(), caller, null).servers()).containsExactly(new ServerAddress("h9", 9));
  }

  @Test
  void fileWithoutServersIsRefused() throws IOException {
    Path file = write(dir.resolve("mc.properties"), "opTimeoutMs=300\n");
    assertThatIllegalArgumentException().isThrownBy(() -> SettingsParser.parse(file.toUri(), null, null))
        .withMessageContaining("no servers configured");
  }

  @Test
  void unknownKeyInAFileNamesTheKeyAndTheFile() throws IOException {
    Path file = write(dir.resolve("mc.properties"), "servers=h:1\nopTimeotMs=300\n");
    assertThatIllegalArgumentException().isThrownBy(() -> SettingsParser.parse(file.toUri(), null, null))
        .withMessageContaining("unknown configuration key 'opTimeotMs'")
        .withMessageContaining("[from " + file.toUri() + "]");
  }

  @Test
  void foreignPrefixesAreNotIgnoredInAFile() throws IOException {
    Path file = write(dir.resolve("mc.properties"), "servers=h:1\nhibernate.x=1\n");
    assertThatIllegalArgumentException().isThrownBy(() -> SettingsParser.parse(file.toUri(), null, null))
        .withMessageContaining("unknown configuration key 'hibernate.x'");
  }

  @Test
  void missingFileIsAnErrorNamingTheUri() {
    URI uri = dir.resolve("absent.properties").toUri();
    assertThatIllegalArgumentException().isThrownBy(() -> SettingsParser.parse(uri, null, null))
        .withMessageContaining("cannot read configuration from '" + uri + "'");
  }

  @Test
  void directoryIsAnErrorNamingTheUri() {
    URI uri = dir.toUri();
    assertThatIllegalArgumentException().isThrownBy(() -> SettingsParser.parse(uri, null, null))
        .withMessageContaining("cannot read configuration from '" + uri + "'")
        .withMessageContaining("directory");
  }

  @Test
  void missingJarEntryIsAnErrorNamingTheUri() throws IOException {
    Path jar = dir.resolve("app.jar");
    writeJar(jar, "servers=h:1\n");
    URI uri = URI.create("jar:" + jar.toUri() + "!/nope.properties");
    assertThatIllegalArgumentException().isThrownBy(() -> SettingsParser.parse(uri, null, null))
        .withMessageContaining("cannot read configuration from '" + uri + "'");
  }

  private static void assertFileValues(ClusterSettings settings) {
    assertThat(settings.servers()).extracting(ServerAddress::toString)
        .containsExactly("h1:11211", "h2:11212", "h3:11213");
    assertThat(settings.mirror()).isEqualTo(Mirroring.PAIRS);
    assertThat(settings.opTimeoutMs()).isEqualTo(300);
    assertThat(settings.hash()).isEqualTo(HashScheme.JUMP);
    assertThat(settings.namespace()).isEqualTo("from-file");
    assertThat(settings.forCache("users").nearCache().maxEntries()).isEqualTo(10);
  }

  private static Path write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    return Files.writeString(file, text);
  }

  private static void writeJar(Path jar, String properties) throws IOException {
    try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
      out.putNextEntry(new JarEntry("mc.properties"));
      out.write(properties.getBytes(StandardCharsets.UTF_8));
      out.closeEntry();
    }
  }
}
