package io.mcjcache.codec;

import io.mcjcache.config.Namespace;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * Builds the memcached key of one cache's entries: {@code <namespace>:<cache name>:<key>}.
 *
 * <ul>
 *   <li>The namespace is validated, not encoded: {@value #MAX_NAMESPACE_LENGTH} characters at most from
 *       {@code [A-Za-z0-9._-]}, so operators can read it in {@code lru_crawler metadump} output.
 *   <li>The cache name is percent-encoded (UTF-8; only {@code [A-Za-z0-9._~-]} kept), so it never holds
 *       {@code :}, {@code #}, spaces or control characters. A name whose encoding is longer than
 *       {@value #MAX_ENCODED_CACHE_NAME_LENGTH} characters is replaced by {@code #} and the base64url
 *       SHA-256 of its UTF-8 bytes, so that every key still fits in 250 bytes.
 *   <li>The key part is the base64url (no padding) of the serialized key bytes, or, when that would make
 *       the memcached key longer than {@value #MAX_KEY_LENGTH} bytes, {@code #} and the base64url
 *       SHA-256 of the key bytes. The caller keeps the full key bytes in the {@link ValueEnvelope} and
 *       compares them on every read, so a digest collision can only cost a miss, never a wrong value.
 * </ul>
 *
 * <p>The result is printable ASCII without spaces. Since neither the namespace nor the encoded cache
 * name contains {@code :}, no cache's {@link #prefix()} is a prefix of another cache's, and listing a
 * cache's keys is a plain prefix filter. Nothing JVM-local goes into a key, so every JVM addressing the
 * same servers and namespace computes the same keys. Immutable and thread-safe.
 */
public final class KeyEncoder {

  /** memcached's limit on key length, in bytes. */
  public static final int MAX_KEY_LENGTH = 250;

  public static final int MAX_NAMESPACE_LENGTH = Namespace.MAX_LENGTH;

  /** Bound on the encoded cache name; with the namespace bound it leaves room for a digest key part. */
  public static final int MAX_ENCODED_CACHE_NAME_LENGTH = 128;

  private static final char SEPARATOR = ':';
  private static final char DIGEST_MARK = '#';
  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder BASE64URL_DECODER = Base64.getUrlDecoder();
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private static final byte[] BASE64URL_ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".getBytes(StandardCharsets.US_ASCII);

  private final String prefix;
  /** The prefix's characters, all ASCII (the namespace is validated, the cache name percent-encoded). */
  private final byte[] prefixBytes;

  private KeyEncoder(String prefix) {
    this.prefix = prefix;
    this.prefixBytes = prefix.getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * The encoder for one cache.
   *
   * @throws IllegalArgumentException if the namespace is empty, too long or has characters outside
   *     {@code [A-Za-z0-9._-]}, or if the cache name holds an unpaired surrogate
   */
  public static KeyEncoder forCache(String namespace, String cacheName) {
    return new KeyEncoder(cachePrefix(namespace, cacheName));
  }

  /** {@code <namespace>:<encoded cache name>:}, the start of every key of that cache. */
  public static String cachePrefix(String namespace, String cacheName) {
    return namespacePrefix(namespace) + encodeCacheName(cacheName) + SEPARATOR;
  }

  /** {@code <namespace>:}, the start of every key of every cache in that namespace. */
  public static String namespacePrefix(String namespace) {
    return Namespace.prefix(namespace);
  }

  /**
   * Returns {@code namespace} if it may be used as the name space of a cache manager.
   *
   * @throws IllegalArgumentException naming the problem otherwise
   */
  public static String validateNamespace(String namespace) {
    return Namespace.validate(namespace);
  }

  /** The prefix shared by every key of this cache, for filtering a server's key listing. */
  public String prefix() {
    return prefix;
  }

  /** The memcached key for the serialized key bytes: at most 250 bytes of printable ASCII. */
  public String encode(byte[] keyBytes) {
    Objects.requireNonNull(keyBytes, "keyBytes");
    int plainLength = prefix.length() + base64Length(keyBytes.length);
    if (plainLength <= MAX_KEY_LENGTH) {
      byte[] key = Arrays.copyOf(prefixBytes, plainLength);
      encodeBase64Url(keyBytes, key, prefixBytes.length);
      return new String(key, StandardCharsets.ISO_8859_1);
    }
    return prefix + DIGEST_MARK + BASE64URL.encodeToString(sha256(keyBytes));
  }

  /**
   * Writes the unpadded base64url form of {@code source} into {@code target} from {@code offset} (exactly
   * {@link #base64Length} characters). The JDK's encoder would do it into an array of its own, to be copied
   * again behind the prefix (the JDK has no encoder into an offset of an existing array): every JCache call
   * builds a memcached key, and on a near hit building it was one of the largest costs left outside the table
   * lookup. Measured on the near cache's hit-path benchmark in alternating runs: 1.72-2.00 M gets/s against
   * 1.51-1.76 M with the JDK's encoder and one copy (docs/performance.md, "The hit path"). Checked against
   * {@link Base64} by the tests.
   */
  private static void encodeBase64Url(byte[] source, byte[] target, int offset) {
    int in = 0;
    int out = offset;
    int whole = source.length - source.length % 3;
    while (in < whole) {
      int bits = (source[in++] & 0xFF) << 16 | (source[in++] & 0xFF) << 8 | (source[in++] & 0xFF);
      target[out++] = BASE64URL_ALPHABET[bits >>> 18];
      target[out++] = BASE64URL_ALPHABET[(bits >>> 12) & 0x3F];
      target[out++] = BASE64URL_ALPHABET[(bits >>> 6) & 0x3F];
      target[out++] = BASE64URL_ALPHABET[bits & 0x3F];
    }
    int rest = source.length - whole;
    if (rest > 0) {
      int bits = (source[in] & 0xFF) << 16 | (rest == 2 ? (source[in + 1] & 0xFF) << 8 : 0);
      target[out++] = BASE64URL_ALPHABET[bits >>> 18];
      target[out++] = BASE64URL_ALPHABET[(bits >>> 12) & 0x3F];
      if (rest == 2) {
        target[out] = BASE64URL_ALPHABET[(bits >>> 6) & 0x3F];
      }
    }
  }

  /** True when {@code memcachedKey} belongs to this cache. */
  public boolean owns(String memcachedKey) {
    return memcachedKey.startsWith(prefix);
  }

  /**
   * True when {@code memcachedKey} is this cache's digest form, whose key bytes are only in the value
   * envelope.
   */
  public boolean isDigestKey(String memcachedKey) {
    return owns(memcachedKey)
        && memcachedKey.length() > prefix.length()
        && memcachedKey.charAt(prefix.length()) == DIGEST_MARK;
  }

  /**
   * The serialized key bytes a plain key of this cache stands for; empty for a digest key or a key part
   * that is not valid base64url (a foreign item), whose bytes must then be taken from the envelope.
   *
   * @throws IllegalArgumentException if the key does not belong to this cache (filter by prefix first)
   */
  public Optional<byte[]> decodeKeyBytes(String memcachedKey) {
    if (!owns(memcachedKey)) {
      throw new IllegalArgumentException(
          "memcached key '" + memcachedKey + "' does not start with this cache's prefix '" + prefix + "'");
    }
    if (isDigestKey(memcachedKey)) {
      return Optional.empty();
    }
    try {
      return Optional.of(BASE64URL_DECODER.decode(memcachedKey.substring(prefix.length())));
    } catch (IllegalArgumentException notBase64) {
      return Optional.empty();
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KeyEncoder other && prefix.equals(other.prefix);
  }

  @Override
  public int hashCode() {
    return prefix.hashCode();
  }

  @Override
  public String toString() {
    return "KeyEncoder[" + prefix + "]";
  }

  static String encodeCacheName(String cacheName) {
    Objects.requireNonNull(cacheName, "cacheName");
    if (!CompactEncoding.isWellFormed(cacheName)) {
      // UTF-8 would replace the surrogate with '?', making two names share one cache on the servers.
      throw new IllegalArgumentException(
          "cache name '" + printable(cacheName) + "' contains an unpaired UTF-16 surrogate");
    }
    byte[] utf8 = cacheName.getBytes(StandardCharsets.UTF_8);
    StringBuilder encoded = new StringBuilder(utf8.length + 8);
    for (byte b : utf8) {
      char c = (char) (b & 0xFF);
      if (isAsciiAlphanumeric(c) || c == '-' || c == '.' || c == '_' || c == '~') {
        encoded.append(c);
      } else {
        encoded.append('%').append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
      }
      if (encoded.length() > MAX_ENCODED_CACHE_NAME_LENGTH) {
        return DIGEST_MARK + BASE64URL.encodeToString(sha256(utf8));
      }
    }
    return encoded.toString();
  }

  private static int base64Length(int byteCount) {
    return (int) ((4L * byteCount + 2) / 3);
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform must provide SHA-256", e);
    }
  }

  private static boolean isAsciiAlphanumeric(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }

  private static String printable(String s) {
    return Namespace.printable(s);
  }

}
