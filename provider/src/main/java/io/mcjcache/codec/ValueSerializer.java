package io.mcjcache.codec;

import io.mcjcache.config.DeserializationAllowList;

import java.util.Arrays;

/**
 * The plug point for turning JCache keys and values into bytes and back.
 *
 * <p>Keys and values are stored by value: every read deserializes a fresh object, so callers can never
 * mutate what another reader sees. Because the serialized bytes of a key <em>are</em> its identity on the
 * servers, an implementation must be deterministic for keys: two keys that are {@code equals} must
 * serialize to identical bytes, or lookups will miss.
 *
 * <p>Bytes handed to {@link #deserialize} come from the network and may have been planted by anyone who
 * can reach memcached; an implementation must not let them choose arbitrary classes to instantiate (see
 * {@link DeserializationAllowList}). Implementations must be thread-safe and must not modify the array
 * they are given.
 *
 * <p>Failures are reported as {@link SerializationFailedException}, never as raw I/O exceptions.
 */
public interface ValueSerializer {

  /**
   * Returns the bytes for {@code value}; a new array the caller may keep.
   *
   * @throws NullPointerException if {@code value} is null (JCache forbids null keys and values)
   * @throws SerializationFailedException if the value cannot be serialized; the message names its class
   */
  byte[] serialize(Object value);

  /**
   * Like {@link #serialize(Object)}, with {@code headroom} unused bytes ahead of the value: the result is
   * {@code headroom} bytes longer, and the value starts at index {@code headroom}. A write serializes each
   * value straight into the item that carries it, so that the value is copied once on its way to the
   * wire instead of twice (docs/codec.md, "One copy per write"). Override it when the format can write at
   * an offset; the default copies what {@link #serialize(Object)} returns.
   *
   * @throws IllegalArgumentException if {@code headroom} is negative
   */
  default byte[] serialize(Object value, int headroom) {
    if (headroom < 0) {
      throw new IllegalArgumentException("headroom must be >= 0, got " + headroom);
    }
    byte[] bytes = serialize(value);
    byte[] out = new byte[headroom + bytes.length];
    System.arraycopy(bytes, 0, out, headroom, bytes.length);
    return out;
  }

  /**
   * Rebuilds a fresh object from {@code bytes}, resolving classes through {@code classLoader} (the
   * cache manager's loader; may be null, meaning the thread context loader).
   *
   * @throws SerializationFailedException if the bytes are corrupt, name a class that cannot be found, or
   *     name a class the serializer refuses to instantiate ({@link ClassNotAllowedException})
   */
  Object deserialize(byte[] bytes, ClassLoader classLoader);

  /**
   * Like {@link #deserialize(byte[], ClassLoader)} for {@code length} bytes at {@code offset} of
   * {@code bytes}: the value's part of a stored item, read without copying it out first. Override it
   * when the format allows; the default copies the range.
   */
  default Object deserialize(byte[] bytes, int offset, int length, ClassLoader classLoader) {
    return deserialize(Arrays.copyOfRange(bytes, offset, offset + length), classLoader);
  }
}
