package io.mcjcache.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcjcache.config.ClusterSettings;
import io.mcjcache.config.ConfigKey;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
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
    all.put("mcjcache.cache.titles.near-cache.max-entries", "0");
    all.put("mcjcache.cache[com.example.Book].near-cache.ttl-ms", "50");
    ManagerRequest request = ManagerRequest.from(bind(all));

    assertThat(request.sources().keySet()).as("a property for every key")
        .containsAll(Arrays.stream(ConfigKey.values()).map(ConfigKey::key).toList());
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
    expected.put("serialization.allowList", "com.example.model.**");
    expected.put("cache.com.example.Book.nearCache.maxEntries", "500");
    expected.put("cache.com.example.Book.nearCache.ttlMs", "50");
    expected.put("cache.titles.nearCache.maxEntries", "0");
    expected.put("cache.titles.nearCache.ttlMs", "200");
    assertThat(settings.asProperties()).containsExactlyEntriesOf(expected);
    assertThat(request.sources().get("cache.com.example.Book.nearCache.ttlMs").property())
        .isEqualTo("mcjcache.cache[com.example.Book].near-cache.ttl-ms");
  }

  @Test
  void unsetPropertiesTakeMcjcachesDefaultsAndTheMetadataSaysWhichTheyAre() throws IOException {
    ClusterSettings defaults = check(Map.of("mcjcache.servers", SERVERS));
    assertThat(defaults).isEqualTo(ClusterSettings.parse(URI.create("memcached://" + SERVERS), null, null));
    assertThat(bind(Map.of("mcjcache.servers", SERVERS)).statistics()).isTrue();

    // Every default the IDE metadata shows, set explicitly, gives the same settings as setting nothing.
    Map<String, String> documented = new LinkedHashMap<>(documentedDefaults());
    assertThat(documented).hasSize(14);
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
