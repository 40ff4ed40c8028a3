package io.mcjcache.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * A prepared item is the envelope a write stores, serialized once (docs/codec.md, "One copy per write"):
 * its bytes are exactly what {@link ValueEnvelope#encode()} writes, and an array once handed out is never
 * written again.
 */
class PreparedItemTest {

  private static final byte[] KEY = {CompactEncoding.STRING_UTF8, 'k', 'e', 'y'};

  private final JavaSerializer serializer = new JavaSerializer();

  @Test
  void itsBytesAreTheEnvelopeOfTheSerializedValue() {
    byte[] value = "a value of some length".getBytes(StandardCharsets.UTF_8);
    PreparedItem prepared = PreparedItem.prepare(serializer, KEY, value);

    byte[] item = prepared.item(1_700_000_000_123L);

    ValueEnvelope expected = ValueEnvelope.of(KEY, serializer.serialize(value), 1_700_000_000_123L);
    assertThat(item).isEqualTo(expected.encode());
    assertThat(prepared.length()).isEqualTo(expected.encodedLength()).isEqualTo(item.length);
    assertThat(prepared.valueLength()).isEqualTo(value.length + 1);
    ValueEnvelope back = ValueEnvelope.decode(item);
    assertThat(back.hasKey(KEY)).isTrue();
    assertThat((byte[]) back.value(serializer, null)).isEqualTo(value);
  }

  @Test
  void eternalAndJavaSerializedValuesToo() {
    TestValues.Order order = new TestValues.Order("o-7", "one line");
    PreparedItem prepared = PreparedItem.prepare(serializer, KEY, order);

    assertThat(prepared.item(ValueEnvelope.ETERNAL))
        .isEqualTo(ValueEnvelope.of(KEY, serializer.serialize(order), ValueEnvelope.ETERNAL).encode());
  }

  @Test
  void theSameExpiryHandsOutTheSameArrayAnotherOneACopy() {
    PreparedItem prepared = PreparedItem.prepare(serializer, KEY, 42L);
    byte[] first = prepared.item(1_000L);
    byte[] firstAsSent = first.clone();

    byte[] again = prepared.item(1_000L);
    byte[] other = prepared.item(2_000L);

    assertThat(again).isSameAs(first);
    assertThat(other).isNotSameAs(first);
    assertThat(first).as("the array handed out first is never written again").isEqualTo(firstAsSent);
    assertThat(ValueEnvelope.decode(first).expiresAtMillis()).isEqualTo(1_000L);
    assertThat(ValueEnvelope.decode(other).expiresAtMillis()).isEqualTo(2_000L);
    assertThat(ValueEnvelope.decode(other).value(serializer, null)).isEqualTo(42L);
  }

  @Test
  void aNegativeExpiryIsRefused() {
    PreparedItem prepared = PreparedItem.prepare(serializer, KEY, 1);

    assertThatThrownBy(() -> prepared.item(-5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-5");
  }

  @Test
  void aSerializerWithoutItsOwnHeadroomFormIsCopiedBehindTheRoom() {
    ValueSerializer plain = new ValueSerializer() {
      @Override
      public byte[] serialize(Object value) {
        return ((String) value).getBytes(StandardCharsets.UTF_8);
      }

      @Override
      public Object deserialize(byte[] bytes, ClassLoader classLoader) {
        return new String(bytes, StandardCharsets.UTF_8);
      }
    };

    byte[] item = PreparedItem.prepare(plain, KEY, "hello").item(77L);

    ValueEnvelope back = ValueEnvelope.decode(item);
    assertThat(back.valueBytes()).isEqualTo("hello".getBytes(StandardCharsets.UTF_8));
    assertThat(back.value(plain, null)).isEqualTo("hello");
  }

  @Test
  void aSerializerThatLeavesTooLittleRoomIsAClearError() {
    ValueSerializer shortchanging = new ValueSerializer() {
      @Override
      public byte[] serialize(Object value) {
        return new byte[] {1};
      }

      @Override
      public byte[] serialize(Object value, int headroom) {
        return new byte[] {1};
      }

      @Override
      public Object deserialize(byte[] bytes, ClassLoader classLoader) {
        return null;
      }
    };

    assertThatThrownBy(() -> PreparedItem.prepare(shortchanging, KEY, "x"))
        .isInstanceOf(SerializationFailedException.class)
        .hasMessageContaining("returned 1 bytes")
        .hasMessageContaining("not the " + (ValueEnvelope.HEADER_BYTES + KEY.length) + " bytes of room");
  }

  @Test
  void theValueStartsRightAfterTheHeaderAndKey() {
    byte[] item = PreparedItem.prepare(serializer, KEY, new byte[] {9, 8, 7}).item(5L);

    int valueOffset = ValueEnvelope.HEADER_BYTES + KEY.length;
    assertThat(Arrays.copyOfRange(item, valueOffset, item.length))
        .containsExactly(CompactEncoding.BYTE_ARRAY, 9, 8, 7);
  }
}
