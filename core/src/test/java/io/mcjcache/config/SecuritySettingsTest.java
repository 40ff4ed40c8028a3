package io.mcjcache.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code tls.*} and {@code auth.*} keys: parsed, checked together, round-tripped, never shown. */
class SecuritySettingsTest {

  @TempDir
  Path dir;

  @Test
  void tlsAndAuthenticationKeysAreParsedAndRoundTripWithoutShowingPasswords() throws IOException {
    Path trust = Files.writeString(dir.resolve("trust.p12"), "store");
    Path keys = Files.writeString(dir.resolve("client.p12"), "store");
    Properties properties = properties(Map.of(
        "tls", "true",
        "tls.trustStore", trust.toString(),
        "tls.trustStorePassword", "trust-s3cret",
        "tls.keyStore", keys.toString(),
        "tls.keyStorePassword", "key-s3cret",
        "tls.hostnameVerification", "false",
        "auth.username", "app",
        "auth.password", "auth-s3cret"));

    ClusterSettings settings = parse(properties);

    assertThat(settings.tls()).isEqualTo(new TlsSettings(true, trust, "trust-s3cret", keys, "key-s3cret", false));
    assertThat(settings.auth()).isEqualTo(AuthSettings.of("app", "auth-s3cret"));
    assertThat(settings.auth().resolvePassword()).isEqualTo("auth-s3cret");
    Properties again = new Properties();
    again.putAll(settings.asProperties());
    assertThat(parse(again)).isEqualTo(settings);
    for (String shown : new String[] {settings.toString(), settings.tls().toString(), settings.auth().toString()}) {
      assertThat(shown).doesNotContain("trust-s3cret", "key-s3cret", "auth-s3cret");
    }
    assertThat(settings.toString()).contains("auth.password=" + Secrets.MASK, "auth.username=app");
  }

  @Test
  void theDefaultsArePlainTextWithoutAuthenticationAndAddNoKeys() {
    ClusterSettings settings = parse(new Properties());
    assertThat(settings.tls()).isEqualTo(TlsSettings.off());
    assertThat(settings.auth()).isEqualTo(AuthSettings.none());
    assertThat(settings.asProperties().keySet()).noneMatch(key -> key.startsWith("tls") || key.startsWith("auth"));
  }

  @Test
  void thePasswordFileIsReadWhenAsked() throws IOException {
    Path file = Files.writeString(dir.resolve("password"), "from-file\nsecond line ignored\n");
    ClusterSettings settings = parse(properties(Map.of("auth.username", "app", "auth.passwordFile", file.toString())));
    assertThat(settings.auth().password()).isNull();
    assertThat(settings.auth().resolvePassword()).isEqualTo("from-file");
    Files.writeString(file, "rotated\n");
    assertThat(settings.auth().resolvePassword()).isEqualTo("rotated");
    Files.writeString(file, "");
    assertThatThrownBy(() -> settings.auth().resolvePassword()).hasMessageContaining("auth.passwordFile")
        .hasMessageContaining("is empty");
    Files.delete(file);
    assertThatThrownBy(() -> settings.auth().resolvePassword()).hasMessageContaining("auth.passwordFile")
        .hasMessageContaining("cannot be read");
  }

  @Test
  void badCombinationsAndValuesNameTheirKeys() throws IOException {
    Path trust = Files.writeString(dir.resolve("trust.p12"), "store");
    assertThatThrownBy(() -> parse(properties(Map.of("tls.trustStore", trust.toString()))))
        .hasMessageContaining("tls is not true").hasMessageContaining(" [from ");
    assertThatThrownBy(() -> parse(properties(Map.of("tls", "yes"))))
        .hasMessageContaining("tls must be true or false, got 'yes'");
    assertThatThrownBy(() -> parse(properties(Map.of("tls", "true", "tls.trustStore", dir.resolve("none").toString()))))
        .hasMessageContaining("tls.trustStore names no readable file").hasMessageContaining("none");
    assertThatThrownBy(() -> parse(properties(Map.of("tls", "true", "tls.keyStorePassword", "k"))))
        .hasMessageContaining("tls.keyStorePassword is given without tls.keyStore");
    assertThatThrownBy(() -> parse(properties(Map.of("auth.password", "p"))))
        .hasMessageContaining("is given without auth.username");
    assertThatThrownBy(() -> parse(properties(Map.of("auth.username", "app"))))
        .hasMessageContaining("needs exactly one of auth.password and auth.passwordFile, got neither");
    Path file = Files.writeString(dir.resolve("password"), "p\n");
    assertThatThrownBy(() -> parse(properties(Map.of("auth.username", "app", "auth.password", "p",
        "auth.passwordFile", file.toString())))).hasMessageContaining("got both");
    assertThatThrownBy(() -> parse(properties(Map.of("auth.username", "a:b", "auth.password", "p"))))
        .hasMessageContaining("auth.username must be a non-empty name without spaces, ':'");
  }

  /** Keys of one combination that came from different places are each named with theirs. */
  @Test
  void aCombinationFromSeveralPlacesNamesEachKeysOrigin() {
    URI uri = URI.create("memcached://127.0.0.1:11211?tls.keyStorePassword=k3y-s3cret");
    assertThatThrownBy(() -> ClusterSettings.parse(uri, properties(Map.of("tls", "true")), getClass().getClassLoader()))
        .hasMessageContaining("tls.keyStorePassword is given without tls.keyStore")
        .hasMessageContaining("[tls from ").hasMessageContaining("; tls.keyStorePassword from ")
        .hasMessageNotContaining("k3y-s3cret");
  }

  @Test
  void aPasswordWithASpaceIsRefusedWithoutBeingShown() {
    assertThatThrownBy(() -> parse(properties(Map.of("auth.username", "app", "auth.password", "has space-s3cret"))))
        .hasMessageContaining("auth.password must be a non-empty password without spaces")
        .hasMessageNotContaining("s3cret");
  }

  private ClusterSettings parse(Properties properties) {
    return ClusterSettings.parse(URI.create("memcached://127.0.0.1:11211,127.0.0.1:11212"), properties,
        getClass().getClassLoader());
  }

  private static Properties properties(Map<String, String> values) {
    Properties properties = new Properties();
    properties.putAll(values);
    return properties;
  }
}
