package io.mcjcache;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcjcache.codec.ValueEnvelope;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.AccessedExpiryPolicy;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.expiry.ModifiedExpiryPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * JCache expiry is exact to the millisecond through the envelope; memcached's TTL is only a backstop,
 * rounded up (docs/design.md, "JCache on memcached").
 */
class ExpiryPrecisionTest {
  private final SharedStore servers = new SharedStore();
  private final MemcachedCachingProvider provider = servers.provider();

  @AfterEach
  void closeProvider() {
    provider.close();
  }

  private Cache<String, String> cacheWith(javax.cache.expiry.ExpiryPolicy policy) {
    javax.cache.configuration.Factory<javax.cache.expiry.ExpiryPolicy> factory = () -> policy;
    return servers.manager(provider, "expiry").createCache("c", new MutableConfiguration<String, String>()
        .setExpiryPolicyFactory(factory));
  }

  private long storedExpiry() {
    assertThat(servers.store.liveKeys()).hasSize(1);
    return ValueEnvelope.decode(servers.store.raw(servers.store.liveKeys().get(0))).expiresAtMillis();
  }

  @Test
  void theEnvelopeCarriesTheCreationExpiryToTheMillisecond() {
    Cache<String, String> cache = cacheWith(new CreatedExpiryPolicy(new Duration(TimeUnit.MILLISECONDS, 1234)));
    long before = System.currentTimeMillis();
    cache.put("k", "v");
    long after = System.currentTimeMillis();
    assertThat(storedExpiry()).isBetween(before + 1234, after + 1234);
  }

  @Test
  void anEntryReadsAsAbsentFromItsExpiryTimeOnEvenWhileTheServerStillHoldsIt() {
    Cache<String, String> cache = cacheWith(new CreatedExpiryPolicy(new Duration(TimeUnit.MILLISECONDS, 150)));
    cache.put("k", "v");
    long expiresAt = storedExpiry();

    long seenAbsentAt = 0;
    long deadline = expiresAt + 5_000;
    while (System.currentTimeMillis() < deadline) {
      long before = System.currentTimeMillis();
      String value = cache.get("k");
      long after = System.currentTimeMillis();
      if (value == null) {
        seenAbsentAt = after;
        break;
      }
      // Present only while its time has not come.
      assertThat(before).isLessThan(expiresAt);
    }
    assertThat(seenAbsentAt).isGreaterThanOrEqualTo(expiresAt);
    // memcached's backstop (whole seconds, rounded up) has not dropped it yet: the envelope decided.
    assertThat(servers.store.liveKeys()).hasSize(1);
  }

  @Test
  void durationZeroOnCreationStoresNothing() {
    Cache<String, String> cache = cacheWith(new CreatedExpiryPolicy(Duration.ZERO));
    cache.put("k", "v");
    assertThat(cache.containsKey("k")).isFalse();
    assertThat(servers.store.liveKeys()).isEmpty();
  }

  @Test
  void anAccessMovesTheExpiryTimeAndAnUpdateWithNullKeepsIt() {
    Cache<String, String> accessed = cacheWith(new AccessedExpiryPolicy(new Duration(TimeUnit.MINUTES, 10)));
    accessed.put("k", "v");
    long created = storedExpiry();
    assertThat(accessed.get("k")).isEqualTo("v");
    long afterAccess = storedExpiry();
    assertThat(afterAccess).isGreaterThanOrEqualTo(created);
    // AccessedExpiryPolicy answers null for updates: the expiry time stays where the access left it.
    accessed.put("k", "v2");
    assertThat(storedExpiry()).isEqualTo(afterAccess);
  }

  @Test
  void anUpdateWithTheModifiedPolicyMovesTheExpiryTime() {
    Cache<String, String> cache = cacheWith(new ModifiedExpiryPolicy(new Duration(TimeUnit.HOURS, 1)));
    cache.put("k", "v");
    long created = storedExpiry();
    long before = System.currentTimeMillis();
    cache.put("k", "v2");
    assertThat(storedExpiry()).isGreaterThanOrEqualTo(before + TimeUnit.HOURS.toMillis(1))
        .isGreaterThanOrEqualTo(created);
  }
}
