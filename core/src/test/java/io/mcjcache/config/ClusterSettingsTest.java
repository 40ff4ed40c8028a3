package io.mcjcache.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ObjectInputFilter;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Settings built in code are checked like parsed ones; the deserialization filter refuses by default. */
class ClusterSettingsTest {

  private static final List<ServerAddress> TWO = List.of(new ServerAddress("a", 1), new ServerAddress("b", 2));

  private static final DeserializationAllowList JDK_ONLY = DeserializationAllowList.jdkValueTypesOnly();

  private static ClusterSettings build(List<ServerAddress> servers, Mirroring mirror, String namespace,
      DeserializationAllowList allow, Map<String, CacheSettings> caches) {
    return new ClusterSettings(servers, mirror, HashScheme.MODULO, 500, 500, 3, 2, 86_400, AllDownPolicy.ERROR,
        NearCacheSettings.DEFAULT, RejoinPolicy.FLUSH, namespace, 1 << 20, allow,
        LivenessFile.auto(), ClusterSettings.DEFAULT_LIVENESS_SYNC_MS, null, TlsSettings.off(), AuthSettings.none(),
        caches);
  }

  @Test
  void codeBuiltSettingsEqualParsedDefaults() {
    ClusterSettings built = build(TWO, Mirroring.PAIRS, "mcjcache", JDK_ONLY, Map.of());
    assertThat(built).isEqualTo(SettingsParser.parse(URI.create("memcached://a:1,b:2"), null, null));
  }

  @Test
  void constructorChecksLikeTheParser() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> build(TWO.subList(0, 1), Mirroring.PAIRS, "ns", JDK_ONLY, Map.of()))
        .withMessageContaining("mirror=pairs needs at least 2 servers");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> build(List.of(TWO.get(0), TWO.get(0)), Mirroring.NONE, "ns", JDK_ONLY, Map.of()))
        .withMessageContaining("servers lists a server twice");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> build(List.of(), Mirroring.NONE, "ns", JDK_ONLY, Map.of()))
        .withMessageContaining("servers must list at least one");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> build(TWO, Mirroring.PAIRS, "bad ns", JDK_ONLY, Map.of()))
        .withMessageContaining("namespace must be 1..64 characters");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new NearCacheSettings(-1, 5)).withMessageContaining("nearCache.maxEntries");
    CacheSettings misfiled = new CacheSettings("x", NearCacheSettings.DEFAULT);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> build(TWO, Mirroring.PAIRS, "ns", JDK_ONLY, Map.of("y", misfiled)))
        .withMessageContaining("filed under 'y' are for cache 'x'");
  }

  @Test
  void collectionsAreCopiedSoSettingsStayImmutable() {
    var servers = new java.util.ArrayList<>(TWO);
    ClusterSettings settings = build(servers, Mirroring.PAIRS, "ns", JDK_ONLY, Map.of());
    servers.clear();
    assertThat(settings.servers()).hasSize(2);
    assertThatThrownBy(() -> settings.servers().clear()).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> settings.asProperties().clear()).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void defaultFilterAllowsJdkValueTypesAndRefusesEverythingElse() {
    ObjectInputFilter filter = build(TWO, Mirroring.PAIRS, "ns", JDK_ONLY, Map.of()).allowList().filter();

    assertThat(status(filter, String.class)).isEqualTo(ObjectInputFilter.Status.ALLOWED);
    assertThat(status(filter, java.util.HashMap.class)).isEqualTo(ObjectInputFilter.Status.ALLOWED);
    assertThat(status(filter, java.time.Instant.class)).isEqualTo(ObjectInputFilter.Status.ALLOWED);
    assertThat(status(filter, java.math.BigDecimal.class)).isEqualTo(ObjectInputFilter.Status.ALLOWED);
    assertThat(status(filter, java.net.URL.class)).isEqualTo(ObjectInputFilter.Status.REJECTED);
    assertThat(status(filter, ClusterSettingsTest.class)).isEqualTo(ObjectInputFilter.Status.REJECTED);
  }

  @Test
  void configuredPatternsComeBeforeTheJdkValueTypesAndTheRestIsStillRefused() {
    DeserializationAllowList configured = DeserializationAllowList.parse("io.mcjcache.**;!java.util.HashMap");
    ObjectInputFilter filter = build(TWO, Mirroring.PAIRS, "ns", configured, Map.of()).allowList().filter();

    assertThat(status(filter, ClusterSettingsTest.class)).isEqualTo(ObjectInputFilter.Status.ALLOWED);
    assertThat(status(filter, java.util.ArrayList.class)).isEqualTo(ObjectInputFilter.Status.ALLOWED);
    assertThat(status(filter, java.util.HashMap.class)).isEqualTo(ObjectInputFilter.Status.REJECTED);
    assertThat(status(filter, java.net.URL.class)).isEqualTo(ObjectInputFilter.Status.REJECTED);
  }

  @Test
  void allowListIsRequired() {
    assertThatThrownBy(() -> build(TWO, Mirroring.PAIRS, "ns", null, Map.of()))
        .isInstanceOf(NullPointerException.class).hasMessage("allowList");
  }

  private static ObjectInputFilter.Status status(ObjectInputFilter filter, Class<?> type) {
    return filter.checkInput(new ObjectInputFilter.FilterInfo() {
      @Override
      public Class<?> serialClass() { return type; }
      @Override
      public long arrayLength() { return -1; }
      @Override
      public long depth() { return 1; }
      @Override
      public long references() { return 1; }
      @Override
      public long streamBytes() { return 100; }
    });
  }

  @Test
  void theProxyKeepsItsItemsInANamespaceOfItsOwn() {
    ClusterSettings derived = ClusterSettings.parse(URI.create("memcached://h:1?namespace=shop"), null, null);
    assertThat(derived.effectiveProxyNamespace()).isEqualTo("shop-proxy");
    assertThat(derived.withNamespace("shop-proxy").identity()).isEqualTo("shop-proxy@h:1");

    ClusterSettings named = ClusterSettings.parse(URI.create("memcached://h:1?namespace=shop&proxy.namespace=edge"),
        null, null);
    assertThat(named.effectiveProxyNamespace()).isEqualTo("edge");
    assertThat(named.asProperties()).containsEntry("proxy.namespace", "edge");

    assertThatIllegalArgumentException()
        .isThrownBy(() -> ClusterSettings.parse(URI.create("memcached://h:1?namespace=shop&proxy.namespace=shop"),
            null, null))
        .withMessageContaining("proxy.namespace must differ from namespace");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ClusterSettings.parse(URI.create("memcached://h:1?namespace=" + "n".repeat(60)), null, null)
            .effectiveProxyNamespace())
        .withMessageContaining("proxy.namespace");
  }
}
