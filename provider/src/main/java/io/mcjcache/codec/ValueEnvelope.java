package io.mcjcache.codec;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * What mcjcache stores as a memcached item: the serialized value wrapped with what memcached cannot
 * keep for us.
 *
 * <ul>
 *   <li>The full key bytes, always: a digest key ({@link KeyEncoder}) is checked against them on read,
 *       and so is any item another application wrote under one of our keys.
 *   <li>The JCache expiry time in epoch milliseconds ({@link #ETERNAL} = never): exact expiry is decided
 *       here on read; memcached's own TTL is only a backstop ({@link #memcachedTtlSeconds}).
 * </ul>
 *
 * <p>Binary format, big-endian, version {@value #FORMAT_VERSION}:
 *
 * <pre>
 *   offset  size  field
 *   0       1     magic 0xE5
 *   1       1     format version
 *   2       1     flags (none defined in version 1; unknown bits are rejected, not ignored)
 *   3       8     expiry, epoch ms
 *   11      4     key length K
 *   15      K     key bytes
 *   15+K    4     value length V
 *   19+K    V     value bytes; the item ends exactly here
 * </pre>
 *
 * <p>Immutable. {@link #of} copies what it is given and the accessors return copies; {@link #wrap} and
 * {@link #decode} keep the arrays they are given without copying them, because on the paths that use
 * them (every read from the network or the near cache, a changed expiry time) those arrays are fresh or
 * never modified, and the two copies of a 1 KB value per read were a fifth of the CPU samples of a near
 * hit. A new value is not wrapped at all: {@link PreparedItem} serializes it straight into its item.
 */
public final class ValueEnvelope {

  /** The expiry time of an entry that never expires. */
  public static final long ETERNAL = Long.MAX_VALUE;

  public static final int FORMAT_VERSION = 1;

  static final byte MAGIC = (byte) 0xE5;
  static final int HEADER_BYTES = 1 + 1 + 1 + 8 + 4 + 4;
  private static final int EXPIRY_OFFSET = 3;
  private static final int KNOWN_FLAGS = 0;

  /** The key bytes are {@code keySource[keyOffset, keyOffset + keyLength)}; likewise the value's. */
  private final byte[] keySource;
  private final int keyOffset;
  private final int keyLength;
  private final byte[] valueSource;
  private final int valueOffset;
  private final int valueLength;
  private final long expiresAtMillis;

  private ValueEnvelope(byte[] keySource, int keyOffset, int keyLength,
      byte[] valueSource, int valueOffset, int valueLength, long expiresAtMillis) {
    this.keySource = keySource;
    this.keyOffset = keyOffset;
    this.keyLength = keyLength;
    this.valueSource = valueSource;
    this.valueOffset = valueOffset;
    this.valueLength = valueLength;
    this.expiresAtMillis = expiresAtMillis;
  }

  /**
   * An envelope for serialized key and value bytes, expiring at {@code expiresAtMillis} (epoch ms, or
   * {@link #ETERNAL}).
   */
  public static ValueEnvelope of(byte[] keyBytes, byte[] valueBytes, long expiresAtMillis) {
    Objects.requireNonNull(keyBytes, "keyBytes");
    Objects.requireNonNull(valueBytes, "valueBytes");
    return wrap(keyBytes.clone(), valueBytes.clone(), expiresAtMillis);
  }

  /**
   * Like {@link #of}, but keeps the arrays instead of copying them: the caller hands them over and must
   * never modify them afterwards (for bytes it has just serialized).
   */
  public static ValueEnvelope wrap(byte[] keyBytes, byte[] valueBytes, long expiresAtMillis) {
    Objects.requireNonNull(keyBytes, "keyBytes");
    Objects.requireNonNull(valueBytes, "valueBytes");
    requireValidExpiry(expiresAtMillis);
    return new ValueEnvelope(keyBytes, 0, keyBytes.length, valueBytes, 0, valueBytes.length, expiresAtMillis);
  }

  /**
   * Reads item bytes written by {@link #encode()}. The envelope keeps {@code item} (no copy): the caller
   * must not modify it afterwards.
   *
   * @throws MalformedEnvelopeException if the bytes are not a complete envelope of a known version;
   *     the caller should treat the item as a miss
   */
  public static ValueEnvelope decode(byte[] item) {
    Objects.requireNonNull(item, "item");
    if (item.length < HEADER_BYTES) {
      throw malformed(item, "only " + item.length + " bytes, shorter than the " + HEADER_BYTES
          + "-byte header");
    }
    ByteBuffer in = ByteBuffer.wrap(item);
    if (in.get() != MAGIC) {
      throw malformed(item, "it does not start with the mcjcache magic byte");
    }
    int version = in.get() & 0xFF;
    if (version != FORMAT_VERSION) {
      throw malformed(item, "format version " + version + " is not the supported version "
          + FORMAT_VERSION + " (written by another mcjcache version?)");
    }
    int flags = in.get() & 0xFF;
    if ((flags & ~KNOWN_FLAGS) != 0) {
      throw malformed(item, "unknown flags 0x" + Integer.toHexString(flags));
    }
    long expiresAtMillis = in.getLong();
    if (expiresAtMillis < 0) {
      throw malformed(item, "negative expiry time " + expiresAtMillis);
    }
    int keyLength = readLength(in, item, "key");
    int keyOffset = in.position();
    in.position(keyOffset + keyLength);
    int valueLength = readLength(in, item, "value");
    int valueOffset = in.position();
    if (valueLength != in.remaining()) {
      throw malformed(item, (in.remaining() - valueLength) + " unexpected bytes after the value");
    }
    return new ValueEnvelope(item, keyOffset, keyLength, item, valueOffset, valueLength, expiresAtMillis);
  }

  /** The item bytes: one new array, written in one pass. */
  public byte[] encode() {
    byte[] out = new byte[encodedLength()];
    writeFrame(out, expiresAtMillis, keySource, keyOffset, keyLength, valueLength);
    System.arraycopy(valueSource, valueOffset, out, valueOffset(keyLength), valueLength);
    return out;
  }

  /** The length of {@link #encode()}, for the item size check, without encoding. */
  public int encodedLength() {
    return HEADER_BYTES + keyLength + valueLength;
  }

  /** Where the value starts in an item whose key bytes are {@code keyLength} long. */
  static int valueOffset(int keyLength) {
    return HEADER_BYTES + keyLength;
  }

  /**
   * Writes everything ahead of the value, {@code out[0, valueOffset(keyLength))}: the one writer of the
   * header, for {@link #encode()} and for {@link PreparedItem}, which serializes the value behind it.
   */
  static void writeFrame(byte[] out, long expiresAtMillis, byte[] key, int keyOffset, int keyLength,
      int valueLength) {
    ByteBuffer.wrap(out)
        .put(MAGIC)
        .put((byte) FORMAT_VERSION)
        .put((byte) 0)
        .putLong(expiresAtMillis)
        .putInt(keyLength)
        .put(key, keyOffset, keyLength)
        .putInt(valueLength);
  }

  /** Writes the expiry time into an item's header, the one field a prepared item leaves open. */
  static void writeExpiry(byte[] item, long expiresAtMillis) {
    ByteBuffer.wrap(item).putLong(EXPIRY_OFFSET, expiresAtMillis);
  }

  /** A copy of the serialized key. */
  public byte[] keyBytes() {
    return Arrays.copyOfRange(keySource, keyOffset, keyOffset + keyLength);
  }

  /** True when this item was written for exactly these key bytes; false means a foreign item. */
  public boolean hasKey(byte[] expectedKeyBytes) {
    return Arrays.equals(keySource, keyOffset, keyOffset + keyLength, expectedKeyBytes, 0, expectedKeyBytes.length);
  }

  /** A copy of the serialized value. */
  public byte[] valueBytes() {
    return Arrays.copyOfRange(valueSource, valueOffset, valueOffset + valueLength);
  }

  /** Deserializes the value without first copying its bytes (serializers must not modify them). */
  public Object value(ValueSerializer serializer, ClassLoader classLoader) {
    return serializer.deserialize(valueSource, valueOffset, valueLength, classLoader);
  }

  /** Epoch milliseconds at and after which the entry is expired; {@link #ETERNAL} if never. */
  public long expiresAtMillis() {
    return expiresAtMillis;
  }

  public boolean isEternal() {
    return expiresAtMillis == ETERNAL;
  }

  /** JCache semantics: an entry whose expiry time is now or earlier is expired. */
  public boolean isExpiredAt(long nowMillis) {
    return expiresAtMillis <= nowMillis;
  }

  /** The same entry with another expiry time (shares the immutable byte arrays). */
  public ValueEnvelope withExpiry(long newExpiresAtMillis) {
    requireValidExpiry(newExpiresAtMillis);
    return new ValueEnvelope(keySource, keyOffset, keyLength, valueSource, valueOffset, valueLength,
        newExpiresAtMillis);
  }

  /**
   * The memcached exptime to store this envelope with at {@code nowMillis}: never earlier than the
   * JCache expiry; 0 = never; an absolute unix time beyond 30 days; -1 if already expired. See
   * {@link MemcachedExptime} for the margins.
   */
  public int memcachedTtlSeconds(long nowMillis) {
    return memcachedTtlSeconds(expiresAtMillis, nowMillis);
  }

  /** The memcached exptime for an entry expiring at {@code expiresAtMillis}, stored at {@code nowMillis}. */
  public static int memcachedTtlSeconds(long expiresAtMillis, long nowMillis) {
    return MemcachedExptime.forExpiry(expiresAtMillis, nowMillis);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ValueEnvelope other
        && expiresAtMillis == other.expiresAtMillis
        && Arrays.equals(keySource, keyOffset, keyOffset + keyLength,
            other.keySource, other.keyOffset, other.keyOffset + other.keyLength)
        && Arrays.equals(valueSource, valueOffset, valueOffset + valueLength,
            other.valueSource, other.valueOffset, other.valueOffset + other.valueLength);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * Long.hashCode(expiresAtMillis) + rangeHash(keySource, keyOffset, keyLength))
        + rangeHash(valueSource, valueOffset, valueLength);
  }

  private static int rangeHash(byte[] bytes, int offset, int length) {
    int hash = 1;
    for (int i = offset; i < offset + length; i++) {
      hash = 31 * hash + bytes[i];
    }
    return hash;
  }

  @Override
  public String toString() {
    return "ValueEnvelope[key " + keyLength + " bytes, value " + valueLength
        + " bytes, expires " + (isEternal() ? "never" : expiresAtMillis) + "]";
  }

  static void requireValidExpiry(long expiresAtMillis) {
    if (expiresAtMillis < 0) {
      throw new IllegalArgumentException(
          "expiry time must be epoch milliseconds >= 0 or ETERNAL, got " + expiresAtMillis);
    }
  }

  /** Reads a field's length and checks that the field fits in what is left of the item. */
  private static int readLength(ByteBuffer in, byte[] item, String field) {
    if (in.remaining() < Integer.BYTES) {
      throw malformed(item, "truncated before the " + field + " length");
    }
    int length = in.getInt();
    if (length < 0 || length > in.remaining()) {
      throw malformed(item, field + " length " + length + " does not fit in the remaining "
          + in.remaining() + " bytes");
    }
    return length;
  }

  private static MalformedEnvelopeException malformed(byte[] item, String reason) {
    return new MalformedEnvelopeException(
        "Not an mcjcache value envelope (" + item.length + " bytes): " + reason);
  }
}
