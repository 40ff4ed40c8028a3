package io.mcjcache;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcjcache.codec.ValueEnvelope;
import org.junit.jupiter.api.Test;

/** Copies made by the store between nodes keep a backstop expiry never earlier than the entry's own. */
class EnvelopeExpiryTest {
  private static final long NOW = 1_800_000_000_000L;

  private static byte[] item(long expiresAt) {
    return ValueEnvelope.of(new byte[] {1}, new byte[] {2}, expiresAt).encode();
  }

  @Test
  void eternalEntriesNeverExpireOnTheServer() {
    assertThat(EnvelopeExpiry.exptimeOf(item(ValueEnvelope.ETERNAL), NOW)).isZero();
  }

  @Test
  void aLiveEntryGetsAtLeastItsRemainingTimeRoundedUp() {
    assertThat(EnvelopeExpiry.exptimeOf(item(NOW + 2_500), NOW)).isGreaterThanOrEqualTo(3);
  }

  @Test
  void expiredEntriesAndForeignItemsAreNotWorthCopying() {
    assertThat(EnvelopeExpiry.exptimeOf(item(NOW), NOW)).isNegative();
    assertThat(EnvelopeExpiry.exptimeOf(new byte[] {42, 42}, NOW)).isNegative();
  }
}
