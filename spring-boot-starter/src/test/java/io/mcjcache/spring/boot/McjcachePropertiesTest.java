package io.mcjcache.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcjcache.config.ClusterSettings;
import io.mcjcache.config.ConfigKey;
import io.mcjcache.config.Secrets;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.ObjectName;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * {@code mcjcache.*} as Boot binds it, turned into what the provider parses: every key of the configuration
 * contract has a property, a bad value names the property, the URI is one Micrometer's JCache metrics can find
 * the statistics of. No context and no cluster: the settings are checked before any connection is made.
 */
class McjcachePropertiesTest {
  private static final String SERVERS = "10.0.0.1:11211,10.0.0.2:11212";

  private static final String TRUST_STORE_PASSWORD = "trust-Pa55";
  private static final String KEY_STORE_PASSWORD = "key-Pa55";
  private static final String PASSWORD = "auth-Pa55";

  /** Stand-ins for the stores and the password file: the parser only checks that they are readable files. */
  @TempDir
  static Path files;

  private static Path trustStore;
  private static Path keyStore;
  private static Path passwordFile;

  @BeforeAll
  static void files() throws IOException {
    trustStore = Files.writeString(files.resolve("trust.p12"), "not read by the parser");
    keyStore = Files.writeString(files.resolve("client.p12"), "not read by the parser");
    passwordFile = Files.writeString(files.resolve("password.txt"), PASSWORD + "\n");
  }

  @Test
  void everyKeyOfTheConfigurationContractHasAPropertyThatReachesTheParser() {
    Map<String, String> all = new LinkedHashMap<>();
    all.put("mcjcache.servers", "10.0.0.1:11211,10.0.0.2:11212,10.0.0.3:11213,10.0.0.4:11214");
    all.put("mcjcache.mirror", "none");
    all.put("mcjcache.hash", "jump");
    all.put("mcjcache.op-timeout-ms", "300");
    all.put("mcjcache.health-interval-ms", "250");
    all.put("mcjcache.failures-to-dead", "4");
    all.put("mcjcache.successes-to-alive", "5");
    all.put("mcjcache.recovery-window-sec", "600");
    all.put("mcjcache.all-down", "miss");
    all.put("mcjcache.rejoin", "trust");
    all.put("mcjcache.namespace", "shop");
    all.put("mcjcache.item-size-limit", "2m");
    all.put("mcjcache.near-cache.max-entries", "500");
    all.put("mcjcache.near-cache.ttl-ms", "200");
    all.put("mcjcache.liveness.file", "none");
    all.put("mcjcache.liveness.sync-ms", "0");
    all.put("mcjcache.proxy.namespace", "shop-proxy-items");
    all.put("mcjcache.serialization.allow-list", "com.example.model.**");
    all.put("mcjcache.tls.enabled", "true");
    all.put("mcjcache.tls.trust-store", trustStore.toString());
    all.put("mcjcache.tls.trust-store-password", TRUST_STORE_PASSWORD);
    all.put("mcjcache.tls.key-store", keyStore.toString());
    all.put("mcjcache.tls.key-store-password", KEY_STORE_PASSWORD);
    all.put("mcjcache.tls.hostname-verification", "false");
    all.put("mcjcache.auth.username", "app");
    all.put("mcjcache.auth.password-file", passwordFile.toString());
    all.put("mcjcache.cache.titles.near-cache.max-entries", "0");
    all.put("mcjcache.cache[com.example.Book].near-cache.ttl-ms", "50");
    ManagerRequest request = ManagerRequest.from(bind(all));
    // auth.password and auth.passwordFile exclude each other: the password goes in a request of its own.
    Map<String, String> withPassword = new LinkedHashMap<>(all);
    withPassword.remove("mcjcache.auth.password-file");
    withPassword.put("mcjcache.auth.password", PASSWORD);
    ManagerRequest passwordRequest = ManagerRequest.from(bind(withPassword));

    Set<String> given = new HashSet<>(request.sources().keySet());
    given.addAll(passwordRequest.sources().keySet());
    assertThat(given).as("a property for every key")
        .containsAll(Arrays.stream(ConfigKey.values()).map(ConfigKey::key).toList());
    assertThat(SettingsCheck.check(passwordRequest, getClass().getClassLoader()).auth().password())
        .isEqualTo(PASSWORD);
    ClusterSettings settings = SettingsCheck.check(request, getClass().getClassLoader());
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("servers", "10.0.0.1:11211,10.0.0.2:11212,10.0.0.3:11213,10.0.0.4:11214");
    expected.put("mirror", "none");
    expected.put("hash", "jump");
    expected.put("opTimeoutMs", "300");
    expected.put("healthIntervalMs", "250");
    expected.put("failuresToDead", "4");
    expected.put("successesToAlive", "5");
    expected.put("recoveryWindowSec", "600");
    expected.put("allDown", "miss");
    expected.put("nearCache.maxEntries", "500");
    expected.put("nearCache.ttlMs", "200");
    expected.put("rejoin", "trust");
    expected.put("namespace", "shop");
    expected.put("itemSizeLimit", Integer.toString(2 * 1024 * 1024));
    expected.put("liveness.file", "none");
    expected.put("liveness.syncMs", "0");
    expected.put("proxy.namespace", "shop-proxy-items");
    expected.put("tls", "true");
    expected.put("tls.trustStore", trustStore.toString());
    expected.put("tls.trustStorePassword", TRUST_STORE_PASSWORD);
    expected.put("tls.keyStore", keyStore.toString());
    expected.put("tls.keyStorePassword", KEY_STORE_PASSWORD);
    expected.put("tls.hostnameVerification", "false");
    expected.put("auth.username", "app");
    expected.put("auth.passwordFile", passwordFile.toString());
    expected.put("serialization.allowList", "com.example.model.**");
    expected.put("cache.com.example.Book.nearCache.maxEntries", "500");
    expected.put("cache.com.example.Book.nearCache.ttlMs", "50");
    expected.put("cache.titles.nearCache.maxEntries", "0");
    expected.put("cache.titles.nearCache.ttlMs", "200");
    assertThat(settings.asProperties()).containsExactlyEntriesOf(expected);
    assertThat(request.sources().get("cache.com.example.Book.nearCache.ttlMs").property())
        .isEqualTo("mcjcache.cache[com.example.Book].near-cache.ttl-ms");
    assertThat(request.sources().get("tls.keyStorePassword").property())
        .isEqualTo("mcjcache.tls.key-store-password");
  }

  /**
   * The passwords travel in the Properties only: the URI (which JCache's getURI, the MBean names and logs show)
   * carries the servers, and nothing the starter prints shows a password.
   */
  @Test
  void passwordsStayOutOfTheUriAndOfEverythingTheStarterPrints() {
    McjcacheProperties properties = bind(Map.of("mcjcache.servers", SERVERS, "mcjcache.tls.enabled", "true",
        "mcjcache.tls.trust-store", trustStore.toString(), "mcjcache.tls.trust-store-password", TRUST_STORE_PASSWORD,
        "mcjcache.tls.key-store", keyStore.toString(), "mcjcache.tls.key-store-password", KEY_STORE_PASSWORD,
        "mcjcache.auth.username", "app", "mcjcache.auth.password", PASSWORD));
    ManagerRequest request = ManagerRequest.from(properties);

    assertThat(request.uri()).isEqualTo(ManagerRequest.uri(SERVERS));
    assertThat(request.properties()).containsEntry("auth.password", PASSWORD)
        .containsEntry("tls.trustStorePassword", TRUST_STORE_PASSWORD)
        .containsEntry("tls.keyStorePassword", KEY_STORE_PASSWORD);
    for (String shown : List.of(request.toString(), request.sources().toString(), properties.toString(),
        properties.tls().toString(), properties.auth().toString(),
        SettingsCheck.check(request, getClass().getClassLoader()).toString())) {
      assertThat(shown).doesNotContain(PASSWORD, TRUST_STORE_PASSWORD, KEY_STORE_PASSWORD).contains(Secrets.MASK);
    }
    assertThat(request.toString()).contains("auth.username=app", "auth.password=" + Secrets.MASK);
  }

  @Test
  void unsetPropertiesTakeMcjcachesDefaultsAndTheMetadataSaysWhichTheyAre() throws IOException {
    ClusterSettings defaults = check(Map.of("mcjcache.servers", SERVERS));
    assertThat(defaults).isEqualTo(ClusterSettings.parse(URI.create("memcached://" + SERVERS), null, null));
    assertThat(bind(Map.of("mcjcache.servers", SERVERS)).statistics()).isTrue();

    // Every default the IDE metadata shows, set explicitly, gives the same settings as setting nothing.
    Map<String, String> documented = new LinkedHashMap<>(documentedDefaults());
    assertThat(documented).hasSize(16);
    documented.put("mcjcache.servers", SERVERS);
    assertThat(check(documented)).isEqualTo(defaults);
  }

  @Test
  void aBadValueIsAnErrorThatNamesThePropertyAndTheValue() {
    assertThat(invalid(Map.of("mcjcache.servers", SERVERS, "mcjcache.mirror", "triples")))
        .satisfies(e -> assertThat(e.getName()).isEqualTo("mcjcache.mirror"))
        .satisfies(e -> assertThat(e.getValue()).isEqualTo("triples"))
        .hasMessage("Property mcjcache.mirror with value 'triples' is invalid: must be one of pairs|none, got"
            + " 'triples'");
    assertThat(invalid(Map.of("mcjcache.servers", SERVERS, "mcjcache.op-timeout-ms", "0")).getName())
        .isEqualTo("mcjcache.op-timeout-ms");
    assertThat(invalid(Map.of("mcjcache.servers", SERVERS, "mcjcache.liveness.file", "relative/path")).getName())
        .isEqualTo("mcjcache.liveness.file");
    assertThat(invalid(Map.of("mcjcache.servers", SERVERS, "mcjcache.cache.titles.near-cache.ttl-ms", "0"))
        .getName()).isEqualTo("mcjcache.cache.titles.near-cache.ttl-ms");
    assertThat(invalid(Map.of("mcjcache.servers", "10.0.0.1:11211,10.0.0.1:11211")))
        .satisfies(e -> assertThat(e.getName()).isEqualTo("mcjcache.servers"))
        .hasMessageContaining("twice").hasMessageNotContaining("[from");
    assertThat(invalid(Map.of("mcjcache.servers", "10.0.0.1:notaport")).getName()).isEqualTo("mcjcache.servers");
    assertThat(invalid(Map.of("mcjcache.servers", "")).getName()).isEqualTo("mcjcache.servers");
  }

  @Test
  void aBadTlsOrAuthValueNamesItsPropertyAndNeverShowsAPassword() {
    Path missing = files.resolve("missing.p12");
    Map<String, String> trusted = Map.of("mcjcache.servers", SERVERS, "mcjcache.tls.enabled", "true",
        "mcjcache.tls.trust-store", trustStore.toString(), "mcjcache.tls.trust-store-password", TRUST_STORE_PASSWORD);
    List<InvalidConfigurationPropertyValueException> errors = new ArrayList<>();

    errors.add(assertInvalid(with(trusted, "mcjcache.tls.trust-store", missing.toString()),
        "mcjcache.tls.trust-store", missing.toString(), "names no readable file"));
    // Checked together with the valid trust store: the key store is the one at fault, not the trust store.
    errors.add(assertInvalid(with(trusted, "mcjcache.tls.key-store", missing.toString(),
        "mcjcache.tls.key-store-password", KEY_STORE_PASSWORD), "mcjcache.tls.key-store", missing.toString(),
        "names no readable file"));
    errors.add(assertInvalid(Map.of("mcjcache.servers", SERVERS, "mcjcache.tls.trust-store", trustStore.toString()),
        "mcjcache.tls.trust-store", trustStore.toString(), "tls is not true"));
    errors.add(assertInvalid(Map.of("mcjcache.servers", SERVERS, "mcjcache.tls.enabled", "false",
        "mcjcache.tls.trust-store", trustStore.toString()), "mcjcache.tls.enabled", "false", "tls is not true"));
    errors.add(assertInvalid(Map.of("mcjcache.servers", SERVERS, "mcjcache.tls.enabled", "true",
        "mcjcache.tls.trust-store-password", TRUST_STORE_PASSWORD), "mcjcache.tls.trust-store-password",
        Secrets.MASK, "is given without tls.trustStore"));

    Map<String, String> authenticated = with(trusted, "mcjcache.auth.username", "app", "mcjcache.auth.password",
        PASSWORD);
    errors.add(assertInvalid(with(authenticated, "mcjcache.auth.password", "two words"), "mcjcache.auth.password",
        Secrets.MASK, "without spaces"));
    errors.add(assertInvalid(with(authenticated, "mcjcache.auth.password-file", passwordFile.toString()),
        "mcjcache.auth.username", "app", "got both"));
    errors.add(assertInvalid(Map.of("mcjcache.servers", SERVERS, "mcjcache.auth.username", "app"),
        "mcjcache.auth.username", "app", "got neither"));
    errors.add(assertInvalid(Map.of("mcjcache.servers", SERVERS, "mcjcache.auth.password", PASSWORD),
        "mcjcache.auth.password", Secrets.MASK, "without auth.username"));
    errors.add(assertInvalid(Map.of("mcjcache.servers", SERVERS, "mcjcache.auth.username", "app",
        "mcjcache.auth.password-file", missing.toString()), "mcjcache.auth.password-file", missing.toString(),
        "names no readable file"));
    errors.add(assertInvalid(with(authenticated, "mcjcache.auth.username", "app:admin"), "mcjcache.auth.username",
        "app:admin", "without spaces, ':'"));
    // An error elsewhere, with every password set.
    errors.add(assertInvalid(with(authenticated, "mcjcache.mirror", "triples", "mcjcache.tls.key-store",
        keyStore.toString(), "mcjcache.tls.key-store-password", KEY_STORE_PASSWORD), "mcjcache.mirror", "triples",
        "must be one of pairs|none"));

    for (InvalidConfigurationPropertyValueException error : errors) {
      assertThat(error.getMessage()).doesNotContain(PASSWORD, TRUST_STORE_PASSWORD, KEY_STORE_PASSWORD, "two words")
          .doesNotContain("[from").doesNotContain(" from the Properties");
      assertThat(String.valueOf(error.getValue())).doesNotContain(PASSWORD, TRUST_STORE_PASSWORD, KEY_STORE_PASSWORD,
          "two words");
    }
    assertThat(errors.get(4)).hasMessage("Property mcjcache.tls.trust-store-password with value '" + Secrets.MASK
        + "' is invalid: is given without tls.trustStore");
  }

  @Test
  void aValueWrongOnlyWithAnotherIsBlamedOnThePropertyTheMessageNamesFirst() {
    assertThat(invalid(Map.of("mcjcache.servers", "10.0.0.1:11211", "mcjcache.mirror", "pairs")))
        .satisfies(e -> assertThat(e.getName()).isEqualTo("mcjcache.mirror"))
        .hasMessageContaining("needs at least 2 servers");
    assertThat(invalid(Map.of("mcjcache.servers", SERVERS, "mcjcache.namespace", "shop", "mcjcache.proxy.namespace",
        "shop")))
        .satisfies(e -> assertThat(e.getName()).isEqualTo("mcjcache.proxy.namespace"))
        .hasMessageContaining("must differ from namespace");
  }

  @Test
  void aValueOfTheWrongTypeIsBootsOwnBindingErrorNamingTheProperty() {
    assertThatThrownBy(() -> bind(Map.of("mcjcache.servers", SERVERS, "mcjcache.op-timeout-ms", "fast")))
        .isInstanceOf(BindException.class).hasMessageContaining("mcjcache.op-timeout-ms");
    assertThatThrownBy(() -> bind(Map.of("mcjcache.servers", SERVERS, "mcjcache.tls.enabled", "true",
        "mcjcache.tls.hostname-verification", "maybe")))
        .isInstanceOf(BindException.class).hasMessageContaining("mcjcache.tls.hostname-verification");
    assertThatThrownBy(() -> bind(Map.of("mcjcache.servers", SERVERS, "mcjcache.tls.enabled", "maybe")))
        .isInstanceOf(BindException.class).hasMessageContaining("mcjcache.tls.enabled");
  }

  @Test
  void theUriGivesTheStatisticsMBeanTheNameMicrometerLooksFor() throws Exception {
    for (String servers : List.of(SERVERS, "cache1,cache2:11212", "[::1]:11211,[::2]:11211", "one-host")) {
      URI uri = ManagerRequest.uri(servers);
      String text = uri.toString();
      // The provider names the bean as JCache's reference implementation does; Micrometer's JCacheMetrics
      // replaces ':' only. They agree, and the name is a valid ObjectName.
      assertThat(text.replace(':', '.')).isEqualTo(text.replaceAll("[,:=\n]", "."));
      new ObjectName("javax.cache:type=CacheStatistics,CacheManager=" + text.replace(':', '.') + ",Cache=titles");
      assertThat(ClusterSettings.parse(uri, null, null).servers()).hasSize(servers.split(",").length);
    }
  }

  /** {@code properties} with {@code pairs} (property, value, ...) set or replaced. */
  private static Map<String, String> with(Map<String, String> properties, String... pairs) {
    Map<String, String> changed = new LinkedHashMap<>(properties);
    for (int i = 0; i < pairs.length; i += 2) {
      changed.put(pairs[i], pairs[i + 1]);
    }
    return changed;
  }

  private InvalidConfigurationPropertyValueException assertInvalid(Map<String, String> properties, String property,
      String shownValue, String reason) {
    InvalidConfigurationPropertyValueException error = invalid(properties);
    assertThat(error.getName()).as(error.getMessage()).isEqualTo(property);
    assertThat(error.getValue()).isEqualTo(shownValue);
    assertThat(error.getMessage()).contains(reason);
    return error;
  }

  private static McjcacheProperties bind(Map<String, String> properties) {
    return new Binder(new MapConfigurationPropertySource(properties))
        .bind("mcjcache", Bindable.of(McjcacheProperties.class)).get();
  }

  private ClusterSettings check(Map<String, String> properties) {
    return SettingsCheck.check(ManagerRequest.from(bind(properties)), getClass().getClassLoader());
  }

  private InvalidConfigurationPropertyValueException invalid(Map<String, String> properties) {
    try {
      ClusterSettings settings = check(properties);
      throw new AssertionError("expected an error, got " + settings);
    } catch (InvalidConfigurationPropertyValueException e) {
      return e;
    }
  }

  /** The default values of the configuration processor's metadata, as property name to text. */
  private static Map<String, String> documentedDefaults() throws IOException {
    String json;
    try (InputStream in = McjcachePropertiesTest.class
        .getResourceAsStream("/META-INF/additional-spring-configuration-metadata.json")) {
      json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Matcher matcher = Pattern.compile("\\{\"name\": \"([^\"]+)\", \"defaultValue\": \"?([^\"}]+)\"?}").matcher(json);
    Map<String, String> defaults = new LinkedHashMap<>();
    while (matcher.find()) {
      defaults.put(matcher.group(1), matcher.group(2).trim());
    }
    return defaults;
  }
}
