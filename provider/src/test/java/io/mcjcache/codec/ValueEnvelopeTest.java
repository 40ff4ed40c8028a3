package io.mcjcache.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The envelope (docs/codec.md, "Value envelope (item bytes), format version 1") carries a format version, the
 * key bytes, the expiry in milliseconds and the value; anything else read from memcached is rejected as
 * foreign or corrupt.
 */
class ValueEnvelopeTest {

  private static final byte[] KEY = {CompactEncoding.STRING_UTF8, 'k', 'e', 'y'};
  private static final byte[] VALUE = {CompactEncoding.LONG, 0, 0, 0, 0, 0, 0, 0, 42};

  private final Random random = new Random(7L);

  @Test
  void roundTripKeepsEveryField() {
    ValueEnvelope envelope = ValueEnvelope.of(KEY, VALUE, 1_700_000_000_123L);

    byte[] item = envelope.encode();
    ValueEnvelope back = ValueEnvelope.decode(item);

    assertThat(item).hasSize(envelope.encodedLength())
        .hasSize(ValueEnvelope.HEADER_BYTES + KEY.length + VALUE.length);
    assertThat(back).isEqualTo(envelope);
    assertThat(back.keyBytes()).isEqualTo(KEY);
    assertThat(back.valueBytes()).isEqualTo(VALUE);
    assertThat(back.expiresAtMillis()).isEqualTo(1_700_000_000_123L);
    assertThat(back.value(new JavaSerializer(), null)).isEqualTo(42L);
  }

  @Test
  void roundTripOfRandomContentsAndEmptyParts() {
    for (int i = 0; i < 500; i++) {
      byte[] key = randomBytes(random.nextInt(300));
      byte[] value = randomBytes(random.nextInt(5_000));
      long expiry = random.nextBoolean() ? ValueEnvelope.ETERNAL : random.nextLong() & Long.MAX_VALUE;
      ValueEnvelope envelope = ValueEnvelope.of(key, value, expiry);

      assertThat(ValueEnvelope.decode(envelope.encode())).isEqualTo(envelope);
    }
    ValueEnvelope empty = ValueEnvelope.of(new byte[0], new byte[0], 0);
    assertThat(ValueEnvelope.decode(empty.encode())).isEqualTo(empty);
  }

  @Test
  void keyCheckDetectsAForeignKey() {
    ValueEnvelope envelope = ValueEnvelope.decode(ValueEnvelope.of(KEY, VALUE, 5).encode());

    assertThat(envelope.hasKey(KEY.clone())).isTrue();
    assertThat(envelope.hasKey(new byte[] {CompactEncoding.STRING_UTF8, 'k', 'e', 'x'})).isFalse();
    assertThat(envelope.hasKey(new byte[0])).isFalse();
  }

  @Test
  void isImmutable() {
    byte[] key = KEY.clone();
    byte[] value = VALUE.clone();
    ValueEnvelope envelope = ValueEnvelope.of(key, value, 5);

    key[1] = 'X';
    value[8] = 0;
    envelope.keyBytes()[1] = 'Y';
    envelope.valueBytes()[8] = 1;

    assertThat(envelope.keyBytes()).isEqualTo(KEY);
    assertThat(envelope.valueBytes()).isEqualTo(VALUE);
  }

  @Test
  void aDecodedEnvelopeReadsItsValueFromTheItemAndHandsOutCopies() {
    JavaSerializer serializer = new JavaSerializer();
    byte[] value = serializer.serialize(new byte[] {9, 8, 7});
    byte[] item = ValueEnvelope.wrap(KEY.clone(), value, 5).encode();

    ValueEnvelope envelope = ValueEnvelope.decode(item);
    byte[] first = (byte[]) envelope.value(serializer, null);
    first[0] = 0;
    envelope.valueBytes()[1] = 0;
    envelope.keyBytes()[0] = 0;

    assertThat((byte[]) envelope.value(serializer, null)).containsExactly(9, 8, 7);
    assertThat(envelope.keyBytes()).isEqualTo(KEY);
    assertThat(envelope.hasKey(KEY)).isTrue();
    assertThat(envelope.encode()).isEqualTo(item).isNotSameAs(item);
    assertThat(envelope.withExpiry(9).expiresAtMillis()).isEqualTo(9);
    assertThat(ValueEnvelope.decode(envelope.withExpiry(9).encode()).valueBytes()).isEqualTo(value);
  }

  @Test
  void unknownVersionIsRejected() {
    byte[] item = ValueEnvelope.of(KEY, VALUE, 5).encode();
    item[1] = 2;

    assertThatThrownBy(() -> ValueEnvelope.decode(item))
        .isInstanceOf(MalformedEnvelopeException.class)
        .hasMessageContaining("format version 2");
  }

  @Test
  void unknownFlagsAndWrongMagicAreRejected() {
    byte[] flagged = ValueEnvelope.of(KEY, VALUE, 5).encode();
    flagged[2] = 1;
    byte[] foreign = ValueEnvelope.of(KEY, VALUE, 5).encode();
    foreign[0] = 'V';

    assertThatThrownBy(() -> ValueEnvelope.decode(flagged))
        .isInstanceOf(MalformedEnvelopeException.class).hasMessageContaining("flags");
    assertThatThrownBy(() -> ValueEnvelope.decode(foreign))
        .isInstanceOf(MalformedEnvelopeException.class).hasMessageContaining("magic");
  }

  @Test
  void everyTruncationAndAnyTrailingByteIsRejected() {
    byte[] item = ValueEnvelope.of(KEY, VALUE, 5).encode();
    for (int length = 0; length < item.length; length++) {
      byte[] truncated = Arrays.copyOf(item, length);
      assertThatThrownBy(() -> ValueEnvelope.decode(truncated))
          .isInstanceOf(MalformedEnvelopeException.class);
    }
    assertThatThrownBy(() -> ValueEnvelope.decode(Arrays.copyOf(item, item.length + 1)))
        .isInstanceOf(MalformedEnvelopeException.class)
        .hasMessageContaining("1 unexpected bytes");
  }

  @Test
  void corruptBytesOnlyEverFailAsMalformedEnvelope() {
    byte[] item = ValueEnvelope.of(KEY, VALUE, 5).encode();
    for (int i = 0; i < 20_000; i++) {
      byte[] corrupt = i % 2 == 0 ? randomBytes(random.nextInt(64)) : item.clone();
      if (i % 2 == 1) {
        corrupt[random.nextInt(corrupt.length)] = (byte) random.nextInt(256);
      } else if (corrupt.length > 1) {
        corrupt[0] = ValueEnvelope.MAGIC; // get past the first check now and then
        corrupt[1] = (byte) ValueEnvelope.FORMAT_VERSION;
      }
      try {
        ValueEnvelope.decode(corrupt);
      } catch (MalformedEnvelopeException expected) {
        // fine: the caller treats it as a miss
      } catch (RuntimeException other) {
        fail("corrupt item " + Arrays.toString(corrupt) + " failed with " + other);
      }
    }
    byte[] hugeKeyLength = item.clone();
    hugeKeyLength[11] = 0x7F;
    assertThatThrownBy(() -> ValueEnvelope.decode(hugeKeyLength))
        .isInstanceOf(MalformedEnvelopeException.class)
        .hasMessageContaining("key length");
  }

  @Test
  void expiryIsExactToTheMillisecond() {
    ValueEnvelope envelope = ValueEnvelope.of(KEY, VALUE, 10_000);

    assertThat(envelope.isExpiredAt(9_999)).isFalse();
    assertThat(envelope.isExpiredAt(10_000)).isTrue();
    assertThat(envelope.isEternal()).isFalse();
    ValueEnvelope eternal = envelope.withExpiry(ValueEnvelope.ETERNAL);
    assertThat(eternal.isEternal()).isTrue();
    assertThat(eternal.isExpiredAt(Long.MAX_VALUE - 1)).isFalse();
    assertThat(eternal.keyBytes()).isEqualTo(KEY);
    assertThat(envelope.expiresAtMillis()).as("withExpiry leaves the original alone")
        .isEqualTo(10_000);
    assertThat(ValueEnvelope.decode(eternal.encode()).isEternal()).isTrue();
  }

  @Test
  void negativeExpiryIsRefused() {
    assertThatThrownBy(() -> ValueEnvelope.of(KEY, VALUE, -1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
    byte[] item = ValueEnvelope.of(KEY, VALUE, 5).encode();
    item[3] = (byte) 0x80;
    assertThatThrownBy(() -> ValueEnvelope.decode(item))
        .isInstanceOf(MalformedEnvelopeException.class).hasMessageContaining("negative expiry");
  }

  private byte[] randomBytes(int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return bytes;
  }
}
