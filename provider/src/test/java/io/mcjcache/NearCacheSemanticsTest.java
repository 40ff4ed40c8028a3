package io.mcjcache;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcjcache.codec.ValueEnvelope;
import java.io.Serializable;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.configuration.Factory;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryExpiredListener;
import javax.cache.expiry.AccessedExpiryPolicy;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.expiry.ExpiryPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A near hit is a hit like any other (docs/jcache.md, "Near cache"). JCache expiry is checked on it, an
 * access-expiry update still reaches the servers, statistics count it, and an expired entry found there
 * raises its event.
 */
class NearCacheSemanticsTest {
  private final SharedStore servers = new SharedStore();
  private final MemcachedCachingProvider provider = servers.provider();

  @AfterEach
  void closeProvider() {
    provider.close();
  }

  private Cache<String, String> cache(MutableConfiguration<String, String> configuration) {
    return NearCacheExactnessTest.manager(servers, provider, "1000").createCache("c", configuration);
  }

  private static MutableConfiguration<String, String> expiring(ExpiryPolicy policy) {
    Factory<ExpiryPolicy> factory = () -> policy;
    return new MutableConfiguration<String, String>().setExpiryPolicyFactory(factory);
  }

  private ValueEnvelope storedEnvelope() {
    assertThat(servers.store.liveKeys()).hasSize(1);
    return ValueEnvelope.decode(servers.store.raw(servers.store.liveKeys().get(0)));
  }

  @Test
  void nearHitsAreCountedAsHitsInTheCacheStatistics() {
    Cache<String, String> cache = cache(new MutableConfiguration<String, String>().setStatisticsEnabled(true));
    cache.put("k", "v");
    servers.store.resetCalls();

    cache.get("k");
    cache.get("k");
    cache.get("absent");

    MemcachedCache<?, ?> ours = cache.unwrap(MemcachedCache.class);
    assertThat(servers.store.calls("get")).as("only the miss reached the servers").isEqualTo(1);
    assertThat(ours.statistics().getCacheHits()).isEqualTo(2);
    assertThat(ours.statistics().getCacheMisses()).isEqualTo(1);
    assertThat(ours.nearCacheCounts().hits()).isEqualTo(2);
  }

  /** The near cache's ttl is ten minutes; the entry's own expiry (150 ms) still decides. */
  @Test
  void anEntryHeldNearReadsAsAbsentFromItsExpiryTimeAndRaisesItsExpiredEvent() {
    MutableConfiguration<String, String> configuration = expiring(
        new CreatedExpiryPolicy(new Duration(TimeUnit.MILLISECONDS, 150)));
    ExpiredKeys expired = new ExpiredKeys();
    configuration.addCacheEntryListenerConfiguration(new MutableCacheEntryListenerConfiguration<>(
        FactoryBuilder.factoryOf(expired), null, false, true));
    Cache<String, String> cache = cache(configuration);
    cache.put("k", "v");
    long expiresAt = storedEnvelope().expiresAtMillis();
    servers.store.resetCalls();

    long seenAbsentAt = 0;
    while (seenAbsentAt == 0 && System.currentTimeMillis() < expiresAt + 5_000) {
      long before = System.currentTimeMillis();
      if (cache.get("k") == null) {
        seenAbsentAt = System.currentTimeMillis();
      } else {
        assertThat(before).isLessThan(expiresAt);
      }
    }

    assertThat(seenAbsentAt).isGreaterThanOrEqualTo(expiresAt);
    assertThat(servers.store.calls("get")).as("the hits before expiry came from the near cache").isZero();
    assertThat(expired.seen).containsExactly("k");
    assertThat(servers.store.liveKeys()).as("the expired entry was removed").isEmpty();
  }

  /** An access that changes the expiry time is written to the servers, near hit or not. */
  @Test
  void anAccessExpiryUpdateOnANearHitReachesTheServers() {
    Cache<String, String> cache = cache(expiring(new AccessedExpiryPolicy(new Duration(TimeUnit.MINUTES, 10))));
    cache.put("k", "v");
    long createdExpiry = storedEnvelope().expiresAtMillis();
    while (System.currentTimeMillis() <= createdExpiry - TimeUnit.MINUTES.toMillis(10)) {
      Thread.onSpinWait(); // the access must fall in a later millisecond than the put
    }
    servers.store.resetCalls();

    long accessedAt = System.currentTimeMillis();
    assertThat(cache.get("k")).isEqualTo("v");

    assertThat(servers.store.calls("get")).as("a near hit").isZero();
    assertThat(servers.store.calls("update")).as("the new expiry time was written").isEqualTo(1);
    assertThat(storedEnvelope().expiresAtMillis()).isGreaterThanOrEqualTo(accessedAt + TimeUnit.MINUTES.toMillis(10));
    servers.store.resetCalls();
    assertThat(cache.get("k")).isEqualTo("v");
    assertThat(servers.store.calls("get")).as("the near cache holds the updated item").isZero();
  }

  /** Records the keys of expired events (the factory hands out this very instance). */
  static final class ExpiredKeys implements CacheEntryExpiredListener<String, String>, Serializable {
    final List<String> seen = new CopyOnWriteArrayList<>();

    @Override
    public void onExpired(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
      events.forEach(event -> seen.add(event.getKey()));
    }
  }
}
