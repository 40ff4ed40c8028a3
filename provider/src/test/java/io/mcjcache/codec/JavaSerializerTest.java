package io.mcjcache.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcjcache.config.DeserializationAllowList;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Round trips, fresh copies and clear failures of the default serializer (docs/design.md,
 * "JCache on memcached": store-by-value).
 */
class JavaSerializerTest {

  private static final ClassLoader LOADER = JavaSerializerTest.class.getClassLoader();

  private final JavaSerializer serializer =
      new JavaSerializer(DeserializationAllowList.parse("io.mcjcache.codec.TestValues$Order"));

  static Stream<Arguments> fastPathValues() {
    return Stream.of(
        Arguments.of("", 1),
        Arguments.of("plain ascii", 12),
        Arguments.of("ünïcødé \uD83D\uDE00 emoji", -1),
        Arguments.of(new byte[0], 1),
        Arguments.of(new byte[] {0, -1, 127, -128}, 5),
        Arguments.of(Integer.MIN_VALUE, 5),
        Arguments.of(Integer.MAX_VALUE, 5),
        Arguments.of(Long.MIN_VALUE, 9),
        Arguments.of(-1L, 9),
        Arguments.of(Short.MIN_VALUE, 3),
        Arguments.of(Byte.MIN_VALUE, 2),
        Arguments.of('\uFFFF', 3),
        Arguments.of(true, 2),
        Arguments.of(false, 2),
        Arguments.of(-0.0d, 9),
        Arguments.of(Double.NaN, 9),
        Arguments.of(Double.MIN_VALUE, 9),
        Arguments.of(Float.NEGATIVE_INFINITY, 5),
        Arguments.of(3.25f, 5));
  }

  @ParameterizedTest
  @MethodSource("fastPathValues")
  void fastPathTypesRoundTripCompactly(Object value, int expectedLength) {
    byte[] bytes = serializer.serialize(value);

    assertThat(bytes[0]).isNotEqualTo(JavaSerializer.JAVA_SERIALIZED);
    if (expectedLength >= 0) {
      assertThat(bytes).hasSize(expectedLength);
    }
    Object back = serializer.deserialize(bytes, LOADER);
    assertThat(back).isInstanceOf(value.getClass()).isEqualTo(value);
  }

  /**
   * With room asked for in front, every type is the same bytes behind that room: the stored format does
   * not depend on whether a value was serialized alone or straight into its item.
   */
  @ParameterizedTest
  @MethodSource("fastPathValues")
  void headroomPutsTheSameBytesBehindTheRoom(Object value, int ignoredLength) {
    byte[] alone = serializer.serialize(value);
    byte[] behindRoom = serializer.serialize(value, 23);

    assertThat(behindRoom).hasSize(23 + alone.length);
    assertThat(java.util.Arrays.copyOfRange(behindRoom, 23, behindRoom.length)).isEqualTo(alone);
    assertThat(serializer.deserialize(behindRoom, 23, alone.length, LOADER)).isEqualTo(value);
  }

  @Test
  void headroomWorksForJavaSerializedValuesAndStringsOutsideAscii() {
    for (Object value : List.of(new TestValues.Order("o-1", "a", "b"), "caf\u00e9", "a\uD800")) {
      byte[] alone = serializer.serialize(value);
      byte[] behindRoom = serializer.serialize(value, 40);

      assertThat(java.util.Arrays.copyOfRange(behindRoom, 40, behindRoom.length)).isEqualTo(alone);
      assertThat(serializer.deserialize(behindRoom, 40, alone.length, LOADER)).isEqualTo(value);
    }
  }

  @Test
  void negativeHeadroomIsRefused() {
    assertThatThrownBy(() -> serializer.serialize("x", -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("headroom must be >= 0, got -1");
  }

  /**
   * The stored format of a string: the tag, then its UTF-8 bytes, whichever path encodes it (a key's
   * bytes are its identity on the servers).
   */
  @ParameterizedTest
  @ValueSource(strings = {"", "a", "bench:12345", "\u007f~ !", "caf\u00e9", "\u0080", "\u65e5\u672c", "x\uD83D\uDE00y"})
  void wellFormedStringsAreTheirTagAndTheirUtf8Bytes(String value) {
    byte[] utf8 = value.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] expected = new byte[utf8.length + 1];
    expected[0] = CompactEncoding.STRING_UTF8;
    System.arraycopy(utf8, 0, expected, 1, utf8.length);

    byte[] bytes = serializer.serialize(value);

    assertThat(bytes).isEqualTo(expected);
    assertThat(serializer.deserialize(bytes, getClass().getClassLoader())).isEqualTo(value);
  }

  @Test
  void stringsWithUnpairedSurrogatesRoundTripAndStayDistinct() {
    String lone = "a\uD800";
    String reversedPair = "\uDC00\uD800";

    assertThat(serializer.deserialize(serializer.serialize(lone), LOADER)).isEqualTo(lone);
    assertThat(serializer.deserialize(serializer.serialize(reversedPair), LOADER))
        .isEqualTo(reversedPair);
    assertThat(serializer.serialize(lone)).isNotEqualTo(serializer.serialize("a?"));
  }

  @Test
  void equalKeysSerializeIdenticallyAndDifferentTypesDiffer() {
    assertThat(serializer.serialize(new String("k1"))).isEqualTo(serializer.serialize("k1"));
    assertThat(serializer.serialize(Double.longBitsToDouble(0x7ff8000000000001L)))
        .isEqualTo(serializer.serialize(Double.NaN));
    assertThat(serializer.serialize(1)).isNotEqualTo(serializer.serialize(1L));
    assertThat(serializer.serialize(0.0d)).isNotEqualTo(serializer.serialize(-0.0d));
  }

  @Test
  void userSerializableClassRoundTripsWhenAllowed() {
    TestValues.Order order = new TestValues.Order("o-1", "apples", "pears");

    Object back = serializer.deserialize(serializer.serialize(order), LOADER);

    assertThat(back).isEqualTo(order).isNotSameAs(order);
  }

  @Test
  void jdkValueTypesRoundTripWithTheDefaultAllowList() {
    JavaSerializer defaults = new JavaSerializer();
    Map<String, Object> map = new HashMap<>();
    map.put("list", new ArrayList<>(List.of(1, 2L, "three")));
    map.put("decimal", new BigDecimal("12.340"));
    map.put("instant", Instant.ofEpochSecond(1_700_000_000L, 5));
    map.put("unmodifiable", List.of("a", "b"));
    map.put("concurrent", new java.util.concurrent.ConcurrentHashMap<>(Map.of("k", 1)));
    map.put("enum", java.util.concurrent.TimeUnit.SECONDS);

    assertThat(defaults.deserialize(defaults.serialize(map), LOADER)).isEqualTo(map);
  }

  @Test
  void aValueIsReadInPlaceFromTheMiddleOfAnItem() {
    TestValues.Order order = new TestValues.Order("o-3", "plums");
    for (Object value : List.of(order, "text", new byte[] {4, 5, 6}, 42L)) {
      byte[] bytes = serializer.serialize(value);
      byte[] item = new byte[bytes.length + 7];
      java.util.Arrays.fill(item, (byte) 0x7F);
      System.arraycopy(bytes, 0, item, 3, bytes.length);

      assertThat(serializer.deserialize(item, 3, bytes.length, LOADER)).isEqualTo(value);
    }
    assertThatThrownBy(() -> serializer.deserialize(new byte[4], 3, 2, LOADER))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> serializer.deserialize(new byte[4], 2, 0, LOADER))
        .isInstanceOf(SerializationFailedException.class).hasMessageContaining("no bytes");
  }

  @Test
  void everyReadReturnsAFreshCopy() {
    TestValues.Order order = new TestValues.Order("o-2", "x");
    byte[] orderBytes = serializer.serialize(order);
    byte[] arrayBytes = serializer.serialize(new byte[] {1, 2, 3});

    TestValues.Order first = (TestValues.Order) serializer.deserialize(orderBytes, LOADER);
    first.lines.add("mutated by a caller");
    TestValues.Order second = (TestValues.Order) serializer.deserialize(orderBytes, LOADER);
    byte[] firstArray = (byte[]) serializer.deserialize(arrayBytes, LOADER);
    firstArray[0] = 99;

    assertThat(second).isNotSameAs(first).isEqualTo(order);
    assertThat((byte[]) serializer.deserialize(arrayBytes, LOADER)).containsExactly(1, 2, 3);
  }

  @Test
  void nonSerializableValueNamesItsClass() {
    assertThatThrownBy(() -> serializer.serialize(new TestValues.Opaque()))
        .isInstanceOf(SerializationFailedException.class)
        .isInstanceOf(javax.cache.CacheException.class)
        .hasMessageContaining("io.mcjcache.codec.TestValues$Opaque")
        .hasMessageContaining("does not implement java.io.Serializable");
  }

  @Test
  void serializableValueWithANonSerializableFieldNamesBothClasses() {
    assertThatThrownBy(() -> serializer.serialize(new TestValues.HoldsOpaque()))
        .isInstanceOf(SerializationFailedException.class)
        .hasMessageContaining("TestValues$HoldsOpaque")
        .hasMessageContaining("refers to an instance of io.mcjcache.codec.TestValues$Opaque");
  }

  @Test
  void nullIsRefusedWithAnNpeAsJCacheRequires() {
    assertThatThrownBy(() -> serializer.serialize(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void corruptBytesFailClearly() {
    byte[] truncatedLong = new byte[] {CompactEncoding.LONG, 1, 2, 3};
    byte[] badBoolean = new byte[] {CompactEncoding.BOOLEAN, 7};
    byte[] unknownTag = new byte[] {0x55, 1};
    byte[] javaGarbage = new byte[] {JavaSerializer.JAVA_SERIALIZED, 1, 2, 3, 4};
    byte[] truncatedJava = serializer.serialize(new TestValues.Order("o", "l"));
    truncatedJava = java.util.Arrays.copyOf(truncatedJava, truncatedJava.length - 3);

    for (byte[] corrupt : List.of(new byte[0], truncatedLong, badBoolean, unknownTag, javaGarbage, truncatedJava)) {
      assertThatThrownBy(() -> serializer.deserialize(corrupt, LOADER))
          .isInstanceOf(SerializationFailedException.class)
          .hasMessageContaining("Corrupt value");
    }
  }
}
