package io.mcjcache.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Keys are prefixed by namespace and cache name, at most 250 bytes, free of spaces and control characters,
 * and distinct JCache keys never share a memcached key (docs/design.md, "JCache on memcached";
 * docs/codec.md, "memcached keys").
 */
class KeyEncoderTest {

  private final Random random = new Random(20240607L);

  @Test
  void randomKeysAndUnicodeCacheNamesGivePrintableKeysOfAtMost250Bytes() {
    for (int i = 0; i < 2_000; i++) {
      KeyEncoder encoder = KeyEncoder.forCache("ns", randomCacheName(random.nextInt(120)));
      String key = encoder.encode(randomBytes(random.nextInt(400)));

      assertThat(key.length()).isLessThanOrEqualTo(KeyEncoder.MAX_KEY_LENGTH);
      assertThat(key.chars()).allMatch(c -> c > 0x20 && c < 0x7F);
      assertThat(key).startsWith(encoder.prefix());
    }
  }

  /**
   * The stored format: every JVM (and every earlier version) must compute the same key, which is the
   * prefix and the unpadded base64url of the key bytes, whatever encoder builds it. Covers every length
   * modulo 3 and every byte value.
   */
  @Test
  void thePlainKeyPartIsTheStandardUnpaddedBase64UrlOfTheKeyBytes() {
    KeyEncoder encoder = KeyEncoder.forCache("ns", "cache");
    java.util.Base64.Encoder standard = java.util.Base64.getUrlEncoder().withoutPadding();
    for (int length = 0; length <= 180; length++) {
      for (int trial = 0; trial < 20; trial++) {
        byte[] keyBytes = randomBytes(length);
        String key = encoder.encode(keyBytes);

        assertThat(key).isEqualTo(encoder.prefix() + standard.encodeToString(keyBytes));
        assertThat(encoder.decodeKeyBytes(key).orElseThrow()).isEqualTo(keyBytes);
      }
    }
  }

  @Test
  void longestNamespaceAndCacheNameStillLeaveRoomForEveryKey() {
    String namespace = "n".repeat(KeyEncoder.MAX_NAMESPACE_LENGTH);
    for (String cacheName : List.of("c".repeat(KeyEncoder.MAX_ENCODED_CACHE_NAME_LENGTH),
        "\u00e9".repeat(KeyEncoder.MAX_ENCODED_CACHE_NAME_LENGTH), "x".repeat(10_000))) {
      KeyEncoder encoder = KeyEncoder.forCache(namespace, cacheName);
      for (int length : new int[] {0, 1, 40, 41, 100, 1_000, 100_000}) {
        String key = encoder.encode(new byte[length]);
        assertThat(key.length()).isLessThanOrEqualTo(KeyEncoder.MAX_KEY_LENGTH);
      }
    }
  }

  @Test
  void keysSwitchToDigestFormExactlyWhenThePlainFormWouldNotFit() {
    KeyEncoder encoder = KeyEncoder.forCache("mcjcache", "orders");
    int longestPlain = -1;
    for (int length = 0; length < 300; length++) {
      byte[] keyBytes = randomBytes(length);
      String key = encoder.encode(keyBytes);
      if (encoder.isDigestKey(key)) {
        assertThat(encoder.decodeKeyBytes(key)).isEmpty();
      } else {
        longestPlain = length;
        assertThat(encoder.decodeKeyBytes(key)).hasValueSatisfying(
            decoded -> assertThat(decoded).isEqualTo(keyBytes));
      }
    }
    String plainAtLimit = encoder.encode(new byte[longestPlain]);
    String digestAfterLimit = encoder.encode(new byte[longestPlain + 1]);

    assertThat(plainAtLimit.length()).isGreaterThan(KeyEncoder.MAX_KEY_LENGTH - 4);
    assertThat(encoder.isDigestKey(plainAtLimit)).isFalse();
    assertThat(encoder.isDigestKey(digestAfterLimit)).isTrue();
    assertThat(digestAfterLimit).startsWith(encoder.prefix() + "#");
  }

  @Test
  void hundredThousandDistinctRandomKeysGiveDistinctMemcachedKeys() {
    KeyEncoder encoder = KeyEncoder.forCache("mcjcache", "collisions");
    Set<String> keyBytesSeen = new HashSet<>();
    Set<String> memcachedKeys = new HashSet<>();
    int digestKeys = 0;
    while (keyBytesSeen.size() < 100_000) {
      // short keys collide often as byte strings, so that the test also sees equal inputs
      byte[] keyBytes = randomBytes(random.nextInt(4) == 0 ? random.nextInt(3) : random.nextInt(260));
      if (keyBytesSeen.add(java.util.HexFormat.of().formatHex(keyBytes))) {
        String key = encoder.encode(keyBytes);
        if (!memcachedKeys.add(key)) {
          fail("two distinct keys share the memcached key " + key);
        }
        digestKeys += encoder.isDigestKey(key) ? 1 : 0;
      } else if (!memcachedKeys.contains(encoder.encode(keyBytes))) {
        fail("equal key bytes gave another memcached key the second time");
      }
    }
    assertThat(digestKeys).as("both forms exercised").isBetween(10_000, 90_000);
  }

  @Test
  void serializedKeysOfDistinctJCacheKeysStayDistinct() {
    JavaSerializer serializer = new JavaSerializer();
    KeyEncoder encoder = KeyEncoder.forCache("mcjcache", "c");
    List<Object> keys = List.of("1", 1, 1L, (short) 1, (byte) 1, '1', 1.0d, 1.0f, true, new byte[] {1});
    Set<String> memcachedKeys = new HashSet<>();
    for (Object key : keys) {
      memcachedKeys.add(encoder.encode(serializer.serialize(key)));
    }
    assertThat(memcachedKeys).hasSize(keys.size());
  }

  @Test
  void noCachePrefixIsAPrefixOfAnotherCachesKeys() {
    List<String> names = List.of("a", "a:", "a:b", "ab", "a b", "a%3A", "a#", "", "a/b", "A");
    for (String first : names) {
      for (String second : names) {
        if (!first.equals(second)) {
          String key = KeyEncoder.forCache("ns", second).encode(new byte[] {7});
          assertThat(KeyEncoder.forCache("ns", first).owns(key)).as("%s vs %s", first, second)
              .isFalse();
        }
      }
    }
    assertThat(KeyEncoder.cachePrefix("ns", "a:b")).isEqualTo("ns:a%3Ab:");
    assertThat(KeyEncoder.cachePrefix("ns", "a b")).isEqualTo("ns:a%20b:");
    assertThat(KeyEncoder.cachePrefix("app", "Orders.v2_x~y-z")).isEqualTo("app:Orders.v2_x~y-z:");
    assertThat(KeyEncoder.namespacePrefix("app")).isEqualTo("app:");
  }

  @Test
  void distinctNamespacesNeverShareKeys() {
    String key = KeyEncoder.forCache("app", "c").encode(new byte[] {1});

    assertThat(KeyEncoder.forCache("app2", "c").owns(key)).isFalse();
    assertThat(KeyEncoder.forCache("ap", "c").owns(key)).isFalse();
    assertThat(key).startsWith(KeyEncoder.namespacePrefix("app"))
        .doesNotStartWith(KeyEncoder.namespacePrefix("ap"));
  }

  @Test
  void longCacheNamesAreDigestedAndStayDistinct() {
    String base = "x".repeat(200);
    String prefixA = KeyEncoder.cachePrefix("ns", base + "a");
    String prefixB = KeyEncoder.cachePrefix("ns", base + "b");

    assertThat(prefixA).startsWith("ns:#").isNotEqualTo(prefixB);
    assertThat(prefixA.length()).isLessThan(60);
  }

  @Test
  void cacheNameWithAnUnpairedSurrogateIsRejected() {
    assertThatThrownBy(() -> KeyEncoder.forCache("ns", "bad\uD800name"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unpaired");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "has space", "has:colon", "has#hash", "tab\t", "ünï", "a/b", "nl\n"})
  void illegalNamespacesAreRejectedClearly(String namespace) {
    assertThatThrownBy(() -> KeyEncoder.forCache(namespace, "c"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("namespace");
  }

  @Test
  void namespaceLengthIsBounded() {
    assertThat(KeyEncoder.validateNamespace("n".repeat(KeyEncoder.MAX_NAMESPACE_LENGTH)))
        .hasSize(KeyEncoder.MAX_NAMESPACE_LENGTH);
    assertThatThrownBy(() -> KeyEncoder.validateNamespace("n".repeat(65)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1 to 64 characters")
        .hasMessageContaining("got 65");
    assertThatThrownBy(() -> KeyEncoder.validateNamespace("bad char"))
        .hasMessageContaining("U+0020")
        .hasMessageContaining("index 3");
  }

  @Test
  void decodingAnotherCachesKeyIsACallerError() {
    KeyEncoder encoder = KeyEncoder.forCache("ns", "mine");
    String foreign = KeyEncoder.forCache("ns", "theirs").encode(new byte[] {1});

    assertThatThrownBy(() -> encoder.decodeKeyBytes(foreign))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ns:mine:");
    assertThat(encoder.decodeKeyBytes(encoder.prefix() + "not*base64")).isEmpty();
    assertThat(encoder.isDigestKey(foreign)).isFalse();
  }

  private byte[] randomBytes(int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return bytes;
  }

  /** Any code points, including controls, spaces, separators and supplementary characters. */
  private String randomCacheName(int codePoints) {
    StringBuilder name = new StringBuilder();
    for (int i = 0; i < codePoints; i++) {
      int cp;
      do {
        cp = random.nextInt(4) == 0 ? random.nextInt(0x80) : random.nextInt(Character.MAX_CODE_POINT);
      } while (Character.getType(cp) == Character.SURROGATE);
      name.appendCodePoint(cp);
    }
    return name.toString();
  }
}
