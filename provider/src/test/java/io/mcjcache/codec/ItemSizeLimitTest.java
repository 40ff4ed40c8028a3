package io.mcjcache.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;

/** Values over the server's item size limit get a clear error naming the limit (docs/codec.md, "Item size"). */
class ItemSizeLimitTest {

  private final ItemSizeLimit limit = ItemSizeLimit.memcachedDefault();

  @Test
  void itemsUpToTheLimitFitAndOneByteMoreDoesNot() {
    int key = 200;
    int largestEnvelope = 1_048_576 - key - ItemSizeLimit.ITEM_OVERHEAD_BYTES;

    assertThat(limit.fits(key, largestEnvelope)).isTrue();
    assertThat(limit.fits(key, largestEnvelope + 1)).isFalse();
    limit.check(key, largestEnvelope);
  }

  @Test
  void tooLargeNamesSizeLimitAndTheMemcachedSetting() {
    ValueTooLargeException e =
        catchThrowableOfType(ValueTooLargeException.class, () -> limit.check(50, 2_000_000));

    assertThat(e).isInstanceOf(javax.cache.CacheException.class)
        .hasMessageContaining("2,000,113 bytes")
        .hasMessageContaining("1,048,576 bytes")
        .hasMessageContaining("-I")
        .hasMessageContaining("-I 2m");
    assertThat(e.itemBytes()).isEqualTo(2_000_113);
    assertThat(e.limitBytes()).isEqualTo(1_048_576);
  }

  @Test
  void limitBelowMemcachedsMinimumIsRefused() {
    assertThatThrownBy(() -> new ItemSizeLimit(100))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-I");
    assertThat(new ItemSizeLimit(2 * 1_048_576).fits(250, 2 * 1_048_576 - 400)).isTrue();
  }
}
