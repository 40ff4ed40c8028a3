package io.mcjcache.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The memcached exptime backstop never drops an entry before its JCache expiry (memcached's TTL is a coarse
 * backstop, JCache expiry is exact to the ms: docs/codec.md, "memcached TTL backstop"), and follows
 * memcached's 30-day rule.
 */
class MemcachedTtlTest {

  private static final long NOW = 1_717_171_717_171L;
  private static final int THIRTY_DAYS = 60 * 60 * 24 * 30;

  /**
   * memcached's clock ticks once a second and is already behind real time when we store, so it adds the
   * relative exptime to a clock up to 2 s behind ours: the earliest it may drop the item is
   * {@code now - 2 s + exptime}.
   */
  private static final long MEMCACHED_CLOCK_LAG_MS = 2_000;

  private final Random random = new Random(11L);

  @Test
  void relativeTtlNeverExpiresBeforeJCacheDoes() {
    for (int i = 0; i < 100_000; i++) {
      long remaining = 1 + (i < 5_000 ? random.nextInt(5_000) : random.nextLong(THIRTY_DAYS * 1000L));
      long now = NOW + random.nextInt(1_000);
      ValueEnvelope envelope = ValueEnvelope.of(new byte[1], new byte[1], now + remaining);

      int ttl = envelope.memcachedTtlSeconds(now);

      if (ttl <= THIRTY_DAYS) {
        assertThat(now - MEMCACHED_CLOCK_LAG_MS + ttl * 1000L).isGreaterThanOrEqualTo(now + remaining);
      } else {
        assertThat(ttl * 1000L).isGreaterThanOrEqualTo(now + remaining);
      }
      assertThat(ttl).isPositive();
    }
  }

  @Test
  void overThirtyDaysIsSentAsAbsoluteUnixTime() {
    long expiresAt = NOW + (THIRTY_DAYS + 10L) * 1000;
    int ttl = ValueEnvelope.of(new byte[1], new byte[1], expiresAt).memcachedTtlSeconds(NOW);

    assertThat(ttl).as("memcached reads anything above 30 days as a unix time")
        .isGreaterThan(THIRTY_DAYS);
    assertThat(ttl * 1000L).isGreaterThanOrEqualTo(expiresAt)
        .isLessThanOrEqualTo(expiresAt + (MemcachedExptime.ABSOLUTE_MARGIN_SECONDS + 1) * 1000L);
  }

  @Test
  void relativeValuesNeverCrossTheThirtyDayLine() {
    // A relative value just above 30 days would be read as a 1970 timestamp: expired on arrival.
    for (long remaining = (THIRTY_DAYS - 5L) * 1000; remaining < (THIRTY_DAYS + 5L) * 1000; remaining += 97) {
      int ttl = ValueEnvelope.of(new byte[1], new byte[1], NOW + remaining).memcachedTtlSeconds(NOW);
      assertThat(ttl <= THIRTY_DAYS || ttl * 1000L >= NOW + remaining)
          .as("remaining %d ms gave exptime %d", remaining, ttl).isTrue();
    }
  }

  @Test
  void eternalIsZeroAndSoIsAnExpiryBeyondA32BitUnixTime() {
    assertThat(ValueEnvelope.of(new byte[1], new byte[1], ValueEnvelope.ETERNAL)
        .memcachedTtlSeconds(NOW)).isZero();
    assertThat(ValueEnvelope.of(new byte[1], new byte[1], (Integer.MAX_VALUE + 1L) * 1000)
        .memcachedTtlSeconds(NOW)).isZero();
  }

  @Test
  void alreadyExpiredIsNegativeSoMemcachedDropsIt() {
    ValueEnvelope envelope = ValueEnvelope.of(new byte[1], new byte[1], NOW);

    assertThat(envelope.memcachedTtlSeconds(NOW)).isEqualTo(-1);
    assertThat(envelope.memcachedTtlSeconds(NOW + 5_000)).isEqualTo(-1);
    assertThat(envelope.memcachedTtlSeconds(NOW - 1)).isPositive();
  }
}
