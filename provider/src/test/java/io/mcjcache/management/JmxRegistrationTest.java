package io.mcjcache.management;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcjcache.management.JmxRegistration.MBeanType;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.configuration.MutableConfiguration;
import javax.management.InstanceNotFoundException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JmxRegistrationTest {
  private static final String MANAGER = "memcached://127.0.0.1:11211,127.0.0.1:11212";

  private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
  private final List<Cache<?, ?>> registered = new ArrayList<>();

  @AfterEach
  void unregisterEverything() {
    for (var cache : registered) {
      JmxRegistration.unregister(cache, MBeanType.CONFIGURATION);
      JmxRegistration.unregister(cache, MBeanType.STATISTICS);
    }
  }

  /** The name as the TCK's TestSupport.calculateObjectName builds it, for names it can handle. */
  private static ObjectName tckName(String type, String managerUri, String cacheName)
      throws Exception {
    return new ObjectName("javax.cache:type=" + type + ",CacheManager="
        + managerUri.replaceAll(":|=|\n|,", ".") + ",Cache=" + cacheName.replaceAll(":|=|\n|,", "."));
  }

  @Test
  void configurationBeanIsFoundUnderTheTckNameWithTheCacheSettings() throws Exception {
    var configuration = new MutableConfiguration<Long, String>().setTypes(Long.class, String.class)
        .setStoreByValue(true).setReadThrough(false).setWriteThrough(true)
        .setManagementEnabled(true).setStatisticsEnabled(false);
    var cache = register(StubCache.of(MANAGER, "pets", configuration), MBeanType.CONFIGURATION);
    ObjectName name = tckName("CacheConfiguration", MANAGER, "pets");

    assertThat(name.toString()).isEqualTo(
        "javax.cache:type=CacheConfiguration,CacheManager=memcached.//127.0.0.1.11211.127.0.0.1.11212,"
            + "Cache=pets");
    assertThat(JmxRegistration.objectName(cache, MBeanType.CONFIGURATION)).isEqualTo(name);
    assertThat(server.getAttribute(name, "KeyType")).isEqualTo("java.lang.Long");
    assertThat(server.getAttribute(name, "ValueType")).isEqualTo("java.lang.String");
    assertThat(server.getAttribute(name, "ReadThrough")).isEqualTo(false);
    assertThat(server.getAttribute(name, "WriteThrough")).isEqualTo(true);
    assertThat(server.getAttribute(name, "StoreByValue")).isEqualTo(true);
    assertThat(server.getAttribute(name, "StatisticsEnabled")).isEqualTo(false);
    assertThat(server.getAttribute(name, "ManagementEnabled")).isEqualTo(true);

    configuration.setStatisticsEnabled(true); // as CacheManager.enableStatistics would
    assertThat(server.getAttribute(name, "StatisticsEnabled")).isEqualTo(true);
  }

  @Test
  void statisticsBeanIsFoundUnderTheTckNameAndClearsThroughJmx() throws Exception {
    var cache = StubCache.of(MANAGER, "counted", new MutableConfiguration<>());
    var statistics = new CacheStatistics(true);
    JmxRegistration.register(cache, statistics, MBeanType.STATISTICS);
    registered.add(cache);
    ObjectName name = tckName("CacheStatistics", MANAGER, "counted");

    statistics.recordHits(1);
    statistics.recordMisses(1);
    statistics.recordGetTime(4_000);
    assertThat(server.getAttribute(name, "CacheHits")).isEqualTo(1L);
    assertThat(server.getAttribute(name, "CacheGets")).isEqualTo(2L);
    assertThat(server.getAttribute(name, "CacheHitPercentage")).isEqualTo(50f);
    assertThat(server.getAttribute(name, "AverageGetTime")).isEqualTo(2f);

    server.invoke(name, "clear", null, null);
    assertThat(server.getAttribute(name, "CacheGets")).isEqualTo(0L);
    assertThat(server.getAttribute(name, "AverageGetTime")).isEqualTo(0f);
  }

  @Test
  void registeringTwiceKeepsTheFirstBean() throws Exception {
    var cache = StubCache.of(MANAGER, "twice", new MutableConfiguration<>());
    var first = new CacheStatistics(true);
    var second = new CacheStatistics(true);
    JmxRegistration.register(cache, first, MBeanType.STATISTICS);
    registered.add(cache);
    JmxRegistration.register(cache, second, MBeanType.STATISTICS);

    first.recordPuts(3);
    assertThat(server.getAttribute(tckName("CacheStatistics", MANAGER, "twice"), "CachePuts"))
        .isEqualTo(3L);
  }

  @Test
  void unregisterRemovesTheBeanAndIsHarmlessWhenAbsent() throws Exception {
    var cache = register(StubCache.of(MANAGER, "gone", new MutableConfiguration<>()),
        MBeanType.CONFIGURATION);
    ObjectName name = tckName("CacheConfiguration", MANAGER, "gone");
    assertThat(server.isRegistered(name)).isTrue();

    JmxRegistration.unregister(cache, MBeanType.CONFIGURATION);
    assertThat(server.isRegistered(name)).isFalse();
    assertThat(JmxRegistration.isRegistered(cache, MBeanType.CONFIGURATION)).isFalse();
    assertThatThrownBy(() -> server.getAttribute(name, "KeyType"))
        .isInstanceOf(InstanceNotFoundException.class);

    JmxRegistration.unregister(cache, MBeanType.CONFIGURATION);
    JmxRegistration.unregister(cache, MBeanType.STATISTICS);
  }

  @Test
  void configurationAndStatisticsOfOneCacheAreTwoBeans() throws Exception {
    var cache = register(StubCache.of(MANAGER, "both", new MutableConfiguration<>()),
        MBeanType.CONFIGURATION);
    JmxRegistration.register(cache, new CacheStatistics(), MBeanType.STATISTICS);

    assertThat(server.queryNames(new ObjectName("javax.cache:Cache=both,*"), null))
        .containsExactlyInAnyOrder(tckName("CacheConfiguration", MANAGER, "both"),
            tckName("CacheStatistics", MANAGER, "both"));
  }

  @Test
  void separatorCharactersInNamesAreReplacedLikeTheTckExpects() throws Exception {
    String odd = "a,b:c=d\ne";
    var cache = register(StubCache.of(MANAGER, odd, new MutableConfiguration<>()),
        MBeanType.CONFIGURATION);

    ObjectName name = tckName("CacheConfiguration", MANAGER, odd);
    assertThat(name.getKeyProperty("Cache")).isEqualTo("a.b.c.d.e");
    assertThat(server.isRegistered(name)).isTrue();
  }

  @Test
  void patternAndQuoteCharactersAreQuotedSoEachCacheGetsItsOwnBean() throws Exception {
    var star = register(StubCache.of(MANAGER, "all*", new MutableConfiguration<>()),
        MBeanType.CONFIGURATION);
    var question = register(StubCache.of(MANAGER, "what?", new MutableConfiguration<>()),
        MBeanType.CONFIGURATION);
    var quote = register(StubCache.of(MANAGER, "say \"hi\"", new MutableConfiguration<>()),
        MBeanType.CONFIGURATION);
    var plain = register(StubCache.of(MANAGER, "all", new MutableConfiguration<>()),
        MBeanType.CONFIGURATION);

    for (var cache : List.of(star, question, quote, plain)) {
      ObjectName name = JmxRegistration.objectName(cache, MBeanType.CONFIGURATION);
      assertThat(name.isPattern()).as(name.toString()).isFalse();
      assertThat(server.isRegistered(name)).as(name.toString()).isTrue();
      String value = name.getKeyProperty("Cache");
      String shown = value.startsWith("\"") ? ObjectName.unquote(value) : value;
      assertThat(shown).as("the name shows the cache name unchanged").isEqualTo(cache.getName());
    }
    assertThat(server.queryNames(new ObjectName("javax.cache:type=CacheConfiguration,*"), null))
        .filteredOn(name -> name.getKeyProperty("CacheManager").startsWith("memcached."))
        .hasSize(4);
  }

  @Test
  void managerUriWithAQueryIsQuoted() throws Exception {
    String uri = "memcached://127.0.0.1:11211?mirror=none";
    var cache = register(StubCache.of(uri, "q", new MutableConfiguration<>()),
        MBeanType.CONFIGURATION);

    ObjectName name = JmxRegistration.objectName(cache, MBeanType.CONFIGURATION);
    assertThat(name.isPattern()).isFalse();
    assertThat(ObjectName.unquote(name.getKeyProperty("CacheManager")))
        .isEqualTo("memcached.//127.0.0.1.11211?mirror.none");
    assertThat(server.isRegistered(name)).isTrue();
  }

  @Test
  void aBeanTheServerRefusesIsACacheExceptionNamingTheBean() {
    var cache = StubCache.of(MANAGER, "refused", new MutableConfiguration<>());
    registered.add(cache);

    assertThatThrownBy(() -> JmxRegistration.register(cache, new Object(), MBeanType.STATISTICS))
        .isInstanceOf(CacheException.class).hasMessageContaining("CacheStatistics")
        .hasMessageContaining("Cache=refused");
  }

  private Cache<?, ?> register(Cache<?, ?> cache, MBeanType type) {
    JmxRegistration.register(cache, new CacheSettingsMXBean(cache), type);
    registered.add(cache);
    return cache;
  }
}
