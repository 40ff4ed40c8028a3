package io.mcjcache.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.net.URI;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The inline {@code memcached://} form, every key's parsing, defaults and errors (docs/configuration.md). */
class SettingsParserTest {

  static ClusterSettings parse(String uri) {
    return SettingsParser.parse(URI.create(uri), null, null);
  }

  static ClusterSettings parse(String uri, String... keyValues) {
    return SettingsParser.parse(URI.create(uri), properties(keyValues), null);
  }

  static Properties properties(String... keyValues) {
    Properties properties = new Properties();
    for (int i = 0; i < keyValues.length; i += 2) {
      properties.setProperty(keyValues[i], keyValues[i + 1]);
    }
    return properties;
  }

  @Test
  void everyKeyHasItsDefault() {
    ClusterSettings settings = parse("memcached://h1:11211,h2:11212");

    assertThat(settings.servers()).containsExactly(new ServerAddress("h1", 11211), new ServerAddress("h2", 11212));
    assertThat(settings.mirror()).isEqualTo(Mirroring.PAIRS);
    assertThat(settings.hash()).isEqualTo(HashScheme.MODULO);
    assertThat(settings.opTimeoutMs()).isEqualTo(500);
    assertThat(settings.healthIntervalMs()).isEqualTo(500);
    assertThat(settings.failuresToDead()).isEqualTo(3);
    assertThat(settings.successesToAlive()).isEqualTo(2);
    assertThat(settings.recoveryWindowSec()).isEqualTo(86_400);
    assertThat(settings.allDown()).isEqualTo(AllDownPolicy.ERROR);
    assertThat(settings.nearCache()).isEqualTo(new NearCacheSettings(10_000, 1_000));
    assertThat(settings.rejoin()).isEqualTo(RejoinPolicy.FLUSH);
    assertThat(settings.namespace()).isEqualTo("mcjcache");
    assertThat(settings.itemSizeLimit()).isEqualTo(1_048_576);
    assertThat(settings.allowList()).isEqualTo(DeserializationAllowList.jdkValueTypesOnly());
    assertThat(settings.caches()).isEmpty();
  }

  @Test
  void everyKeyIsReadFromTheQuery() {
    ClusterSettings settings = parse("memcached://h1:1,h2:2,h3:3?mirror=none&hash=jump&opTimeoutMs=250"
        + "&healthIntervalMs=100&failuresToDead=5&successesToAlive=4&recoveryWindowSec=600&allDown=miss"
        + "&nearCache.maxEntries=0&nearCache.ttlMs=50&rejoin=trust&namespace=shop.v2_test-1"
        + "&itemSizeLimit=2m&serialization.allowList=com.example.**%3B!java.util.PriorityQueue"
        + "&cache.orders.nearCache.ttlMs=20");

    assertThat(settings.servers()).extracting(ServerAddress::toString).containsExactly("h1:1", "h2:2", "h3:3");
    assertThat(settings.mirror()).isEqualTo(Mirroring.NONE);
    assertThat(settings.hash()).isEqualTo(HashScheme.JUMP);
    assertThat(settings.opTimeoutMs()).isEqualTo(250);
    assertThat(settings.healthIntervalMs()).isEqualTo(100);
    assertThat(settings.failuresToDead()).isEqualTo(5);
    assertThat(settings.successesToAlive()).isEqualTo(4);
    assertThat(settings.recoveryWindowSec()).isEqualTo(600);
    assertThat(settings.allDown()).isEqualTo(AllDownPolicy.MISS);
    assertThat(settings.nearCache()).isEqualTo(new NearCacheSettings(0, 50));
    assertThat(settings.nearCache().enabled()).isFalse();
    assertThat(settings.rejoin()).isEqualTo(RejoinPolicy.TRUST);
    assertThat(settings.namespace()).isEqualTo("shop.v2_test-1");
    assertThat(settings.itemSizeLimit()).isEqualTo(2 * 1024 * 1024);
    assertThat(settings.allowList().userPatterns()).containsExactly("com.example.**", "!java.util.PriorityQueue");
    assertThat(settings.forCache("orders").nearCache()).isEqualTo(new NearCacheSettings(0, 20));
  }

  @Test
  void choiceWordsIgnoreCaseAndSurroundingBlanks() {
    ClusterSettings settings = parse("memcached://h1:1,h2:2", "mirror", " None ", "hash", "JUMP", "allDown", "Miss");
    assertThat(settings.mirror()).isEqualTo(Mirroring.NONE);
    assertThat(settings.hash()).isEqualTo(HashScheme.JUMP);
    assertThat(settings.allDown()).isEqualTo(AllDownPolicy.MISS);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      1024      | 1024
      512k      | 524288
      1M        | 1048576
      1024m     | 1073741824
      """)
  void itemSizeLimitTakesBytesOrMemcachedSuffixes(String text, int bytes) {
    assertThat(parse("memcached://h:1", "itemSizeLimit", text).itemSizeLimit()).isEqualTo(bytes);
  }

  @Test
  void mirrorDefaultsToNoneForOneServerAndPairsFromTwo() {
    assertThat(parse("memcached://h1:1").mirror()).isEqualTo(Mirroring.NONE);
    assertThat(parse("memcached://h1:1,h2:2").mirror()).isEqualTo(Mirroring.PAIRS);
    assertThat(parse("memcached://h1:1,h2:2,h3:3").mirror()).isEqualTo(Mirroring.PAIRS);
    assertThat(parse("memcached://h1:1,h2:2?mirror=none").mirror()).isEqualTo(Mirroring.NONE);
  }

  @Test
  void pairsWithOneServerIsRefused() {
    assertThatIllegalArgumentException().isThrownBy(() -> parse("memcached://h1:1?mirror=pairs"))
        .withMessageContaining("mirror=pairs needs at least 2 servers")
        .withMessageContaining("[from the query of memcached://h1:1]");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      opTimeoutMs          | abc          | opTimeoutMs must be a positive integer, got 'abc'
      opTimeoutMs          | 0            | opTimeoutMs must be a positive integer, got '0'
      opTimeoutMs          | 99999999999  | opTimeoutMs must be a positive integer no larger than 2147483647, got '99999999999'
      healthIntervalMs     | -5           | healthIntervalMs must be a positive integer, got '-5'
      failuresToDead       | 0            | failuresToDead must be a positive integer, got '0'
      successesToAlive     | 1.5          | successesToAlive must be a positive integer, got '1.5'
      recoveryWindowSec    | 0            | recoveryWindowSec must be a positive integer, got '0'
      mirror               | both         | mirror must be one of pairs|none, got 'both'
      hash                 | ketama       | hash must be one of modulo|jump, got 'ketama'
      allDown              | ignore       | allDown must be one of error|miss, got 'ignore'
      rejoin               | keep         | rejoin must be one of flush|trust, got 'keep'
      nearCache.maxEntries | -1           | nearCache.maxEntries must be an integer >= 0, got '-1'
      nearCache.ttlMs      | 0            | nearCache.ttlMs must be a positive integer, got '0'
      namespace            | my ns        | namespace must be 1..64 characters from [A-Za-z0-9._-], got 'my ns'
      namespace            | a/b          | namespace must be 1..64 characters from [A-Za-z0-9._-], got 'a/b'
      itemSizeLimit        | 512          | itemSizeLimit must be between 1024 and 1073741824 bytes
      itemSizeLimit        | 2000m        | itemSizeLimit must be between 1024 and 1073741824 bytes
      itemSizeLimit        | 2g           | itemSizeLimit must be a size in bytes, optionally with a k or m suffix
      serialization.allowList | maxdepth=abc | serialization.allowList must be ObjectInputFilter patterns separated by ';'
      serialization.allowList | com.a.* com.b.* | got 'com.a.* com.b.*': Setting 'serialization.allowList': pattern 'com.a.* com.b.*' contains white space
      servers              | h1:99999     | servers entry 'h1:99999' has port '99999'
      """)
  void badValueNamesKeyValueAndWhatIsAllowed(String key, String value, String expected) {
    assertThatIllegalArgumentException().isThrownBy(() -> parse("memcached://h1:1,h2:2", key, value))
        .withMessageStartingWith("mcjcache: " + key)
        .withMessageContaining(expected)
        .withMessageContaining("[from the Properties passed with memcached://h1:1,h2:2]");
  }

  @Test
  void namespaceLongerThan64IsRefusedAnd64IsAccepted() {
    String max = "n".repeat(64);
    assertThat(parse("memcached://h:1", "namespace", max).namespace()).isEqualTo(max);
    assertThatIllegalArgumentException().isThrownBy(() -> parse("memcached://h:1", "namespace", max + "n"))
        .withMessageContaining("namespace must be 1..64 characters");
  }

  @ParameterizedTest
  @ValueSource(strings = {"opTimeoutMs", "mirror", "namespace", "servers", "cache.c.nearCache.ttlMs"})
  void emptyValueIsRefusedNamingTheKey(String key) {
    assertThatIllegalArgumentException().isThrownBy(() -> parse("memcached://h:1", key, " "))
        .withMessage("mcjcache: " + key + " must not be empty [from the Properties passed with memcached://h:1]");
  }

  @Test
  void unknownKeyIsRefusedListingTheKnownKeys() {
    assertThatIllegalArgumentException().isThrownBy(() -> parse("memcached://h:1?opTimeotMs=5"))
        .withMessageStartingWith("mcjcache: unknown configuration key 'opTimeotMs' (known keys: servers, mirror")
        .withMessageContaining("opTimeoutMs")
        .withMessageContaining("cache.<cacheName>.<nearCache.maxEntries|nearCache.ttlMs>")
        .withMessageEndingWith("[from the query of memcached://h:1]");
  }

  @Test
  void keysAreCaseSensitive() {
    assertThatIllegalArgumentException().isThrownBy(() -> parse("memcached://h:1", "optimeoutms", "5"))
        .withMessageContaining("unknown configuration key 'optimeoutms'");
  }

  @Test
  void perCacheKeysOverrideOneCacheAndKeepTheOtherManagerValues() {
    ClusterSettings settings = parse("memcached://h:1",
        "nearCache.ttlMs", "700",
        "cache.users.nearCache.maxEntries", "5",
        "cache.com.example.Order.nearCache.ttlMs", "30");

    assertThat(settings.forCache("users")).isEqualTo(new CacheSettings("users", new NearCacheSettings(5, 700)));
    // Cache names may contain dots; the key is read from its end.
    assertThat(settings.forCache("com.example.Order").nearCache()).isEqualTo(new NearCacheSettings(10_000, 30));
    assertThat(settings.forCache("other").nearCache()).isEqualTo(settings.nearCache());
    assertThat(settings.caches()).containsOnlyKeys("users", "com.example.Order");
  }

  @Test
  void perCacheValuesAreCheckedAndNamedWithTheirFullKey() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> parse("memcached://h:1", "cache.users.nearCache.ttlMs", "soon"))
        .withMessageStartingWith("mcjcache: cache.users.nearCache.ttlMs must be a positive integer, got 'soon'");
  }

  @Test
  void managerWideKeyGivenPerCacheIsRefusedSayingWhy() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> parse("memcached://h:1", "cache.users.opTimeoutMs", "5"))
        .withMessageContaining("opTimeoutMs applies to the whole CacheManager and cannot be set per cache")
        .withMessageContaining("'cache.users.opTimeoutMs'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"cache.users.nearCache.size", "cache.nearCache.ttlMs", "cache..nearCache.ttlMs", "cache."})
  void unknownPerCacheKeyIsRefusedListingThePerCacheKeys(String key) {
    assertThatIllegalArgumentException().isThrownBy(() -> parse("memcached://h:1", key, "5"))
        .withMessageContaining("unknown per-cache configuration key '" + key + "'")
        .withMessageContaining("nearCache.maxEntries|nearCache.ttlMs");
  }

  @Test
  void callerPropertiesOfOtherFrameworksAreIgnoredButOnlyThere() {
    ClusterSettings settings = parse("memcached://h:1",
        "hibernate.cache.region.factory_class", "jcache",
        "javax.cache.provider", "io.mcjcache.MemcachedCachingProvider",
        "opTimeoutMs", "42");
    assertThat(settings.opTimeoutMs()).isEqualTo(42);

    assertThatIllegalArgumentException().isThrownBy(() -> parse("memcached://h:1", "spring.cache.type", "jcache"))
        .withMessageContaining("unknown configuration key 'spring.cache.type'");
    // A URI is written for mcjcache alone: no exception there.
    assertThatIllegalArgumentException().isThrownBy(() -> parse("memcached://h:1?hibernate.x=1"))
        .withMessageContaining("unknown configuration key 'hibernate.x'");
  }

  @Test
  void nonStringPropertiesAreRefusedNamingTheEntry() {
    Properties numberValue = new Properties();
    numberValue.put("opTimeoutMs", 250);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> SettingsParser.parse(URI.create("memcached://h:1"), numberValue, null))
        .withMessageContaining("opTimeoutMs must be given as a String, got a java.lang.Integer '250'");

    Properties numberKey = new Properties();
    numberKey.put(7, "x");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> SettingsParser.parse(URI.create("memcached://h:1"), numberKey, null))
        .withMessageContaining("keys must be Strings, got a java.lang.Integer key '7'");

    Properties foreignObject = new Properties();
    foreignObject.put("hibernate.session_factory", new Object());
    assertThat(SettingsParser.parse(URI.create("memcached://h:1"), foreignObject, null).servers()).hasSize(1);
  }

  @Test
  void callerPropertiesDefaultsAreHonoured() {
    Properties defaults = properties("opTimeoutMs", "77");
    Properties withDefaults = new Properties(defaults);
    withDefaults.setProperty("healthIntervalMs", "88");
    ClusterSettings settings = SettingsParser.parse(URI.create("memcached://h:1"), withDefaults, null);
    assertThat(settings.opTimeoutMs()).isEqualTo(77);
    assertThat(settings.healthIntervalMs()).isEqualTo(88);
  }

  @Test
  void callerPropertiesOverrideTheQuery() {
    ClusterSettings settings = parse("memcached://h1:1,h2:2?opTimeoutMs=100&hash=jump", "opTimeoutMs", "200");
    assertThat(settings.opTimeoutMs()).isEqualTo(200);
    assertThat(settings.hash()).isEqualTo(HashScheme.JUMP);
  }

  @Test
  void queryValuesArePercentDecoded() {
    assertThat(parse("memcached://h:1?namespace=a%2Db%2e%41").namespace()).isEqualTo("a-b.A");
    assertThat(UriQuery.decode("a+b%20c%C3%A9\uD83D\uDE00%21", "u")).isEqualTo("a+b c\u00e9\uD83D\uDE00!");
    assertThatIllegalArgumentException().isThrownBy(() -> UriQuery.decode("a%2", "memcached://x"))
        .withMessageContaining("bad percent-escape in 'a%2' of 'memcached://x'");
    assertThatIllegalArgumentException().isThrownBy(() -> UriQuery.decode("a%zz", "memcached://x"))
        .withMessageContaining("bad percent-escape");
  }

  @Test
  void ipv6ServersCanBeListedPercentEncodedAndOneCanBeBracketed() {
    assertThat(parse("memcached://%5B::1%5D:11211,%5B::2%5D:11212").servers())
        .extracting(ServerAddress::port).containsExactly(11211, 11212);
    assertThat(parse("memcached://[::1]:11300").servers()).containsExactly(ServerAddress.parse("[::1]:11300"));
  }

  @Test
  void defaultPortAndTrailingSlashAndSchemeCaseAreAccepted() {
    assertThat(parse("MEMCACHED://h1,h2:2/").servers())
        .containsExactly(new ServerAddress("h1", 11211), new ServerAddress("h2", 2));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      http://h:1                   | unsupported CacheManager URI scheme 'http' in 'http://h:1'; supported forms: memcached://
      mcjcache.properties          | the CacheManager URI 'mcjcache.properties' has no scheme; supported forms:
      memcached:h1:1               | expected memcached://host:port,... but got 'memcached:h1:1'
      memcached:///                | no servers in 'memcached:///'
      memcached://?namespace=x     | no servers in 'memcached://?namespace=x'
      memcached://h:1/path         | unexpected path '/path' in 'memcached://h:1/path'
      memcached://h:1#frag         | has a #fragment
      memcached://h:1?opTimeoutMs  | URI query part 'opTimeoutMs' is not key=value
      memcached://h:1?a=1&a=2      | a is given twice in the query of 'memcached://h:1?a=1&a=2'
      memcached://h:1?servers=h:2  | servers is given twice in 'memcached://h:1?servers=h:2'
      memcached://h:1,h:1          | servers lists h:1 twice
      memcached://h:0              | servers entry 'h:0' has port '0' (allowed: 1..65535)
      """)
  void badUriFormsAreRefusedClearly(String uri, String expected) {
    assertThatIllegalArgumentException().isThrownBy(() -> parse(uri)).withMessageContaining(expected);
  }

  @Test
  void unsupportedSchemeListsEveryForm() {
    assertThatIllegalArgumentException().isThrownBy(() -> parse("redis://h:1"))
        .withMessageContaining("classpath:path/file.properties")
        .withMessageContaining("file:/path/file.properties")
        .withMessageContaining("jar:file:");
  }

  @Test
  void identityIsServersInOrderAndNamespaceOnly() {
    ClusterSettings base = parse("memcached://h1:1,h2:2");
    assertThat(base.identity()).isEqualTo("mcjcache@h1:1,h2:2");
    assertThat(parse("memcached://H1:1,h2:2?opTimeoutMs=9&hash=jump").identity()).isEqualTo(base.identity());
    assertThat(parse("memcached://h2:2,h1:1").identity()).isNotEqualTo(base.identity());
    assertThat(parse("memcached://h1:1,h2:2?namespace=other").identity()).isNotEqualTo(base.identity());
  }

  @Test
  void toStringIsOneReadableLineWithTheUsersWords() {
    String text = parse("memcached://h1:1,h2:2?allDown=miss").toString();
    assertThat(text).startsWith("mcjcache settings [servers=h1:1,h2:2 mirror=pairs hash=modulo opTimeoutMs=500")
        .contains("allDown=miss", "nearCache.ttlMs=1000", "namespace=mcjcache")
        .doesNotContain("\n");
  }

  @Test
  void asPropertiesParsesBackToEqualSettings() {
    ClusterSettings original = parse("memcached://h1:1,%5B::1%5D:2,h3:3?mirror=none&hash=jump&opTimeoutMs=250"
        + "&healthIntervalMs=100&failuresToDead=5&successesToAlive=4&recoveryWindowSec=600&allDown=miss"
        + "&nearCache.maxEntries=3&nearCache.ttlMs=50&rejoin=trust&namespace=ns&proxy.namespace=edge&itemSizeLimit=4096"
        + "&serialization.allowList=com.example.*%3B!java.util.HashMap&cache.a.b.nearCache.maxEntries=1");
    Properties properties = new Properties();
    properties.putAll(original.asProperties());

    // The caller's servers replace the URI's, so the placeholder below is not used.
    ClusterSettings reparsed = SettingsParser.parse(URI.create("memcached://placeholder:9"), properties, null);

    assertThat(reparsed).isEqualTo(original);
    // The tls.* and auth.* keys appear only when set (and passwordFile excludes password): SecuritySettingsTest.
    assertThat(original.asProperties().keySet()).containsAll(List.of(ConfigKey.values()).stream()
        .map(ConfigKey::key).filter(key -> !key.startsWith("tls") && !key.startsWith("auth.")).toList());
    assertThat(original.asProperties()).containsEntry("serialization.allowList", "com.example.*;!java.util.HashMap");
  }

  @Test
  void defaultAllowListIsLeftOutOfAsPropertiesAndStillParsesBackEqual() {
    ClusterSettings original = parse("memcached://h1:1,h2:2");
    Properties properties = new Properties();
    properties.putAll(original.asProperties());

    assertThat(original.asProperties()).doesNotContainKey(ConfigKey.SERIALIZATION_ALLOW_LIST.key());
    assertThat(SettingsParser.parse(URI.create("memcached://placeholder:9"), properties, null)).isEqualTo(original);
  }

  @Test
  void theOldSpellingOfTheAllowListKeyIsAnUnknownKey() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> parse("memcached://h:1", "serialization.allow", "com.example.*"))
        .withMessageContaining("unknown configuration key 'serialization.allow'")
        .withMessageContaining("serialization.allowList");
  }
}
