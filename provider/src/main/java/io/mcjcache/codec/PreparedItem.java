package io.mcjcache.codec;

import java.util.Objects;

/**
 * An entry on its way to the servers: its key's and value's bytes written once, straight into the item
 * that will carry them ({@link ValueEnvelope}'s format), so that a write copies a value once before the
 * wire client does, where wrapping serialized bytes into an envelope copied it twice (docs/codec.md, "One
 * copy per write"). Only the expiry time is left open: it depends on what the key holds (creation or
 * update expiry), which a compare-and-swap loop may read more than once.
 *
 * <p>Not thread-safe: it belongs to the call that prepared it. The first {@link #item} writes the expiry
 * time into the prepared array and hands that array over; asking again for the same expiry time hands
 * over the same, unchanged array, and for another one a copy. So an array already handed to the wire
 * client, which reads it later on its own thread, is never written again.
 */
public final class PreparedItem {
  private final byte[] bytes;
  private final int valueLength;
  private boolean handedOut;
  private long handedOutExpiry;

  private PreparedItem(byte[] bytes, int valueLength) {
    this.bytes = bytes;
    this.valueLength = valueLength;
  }

  /**
   * Serializes {@code value} behind the header and {@code keyBytes}.
   *
   * @throws SerializationFailedException as {@link ValueSerializer#serialize(Object)} does, or when the
   *     serializer returns fewer bytes than the room it was asked to leave
   */
  public static PreparedItem prepare(ValueSerializer serializer, byte[] keyBytes, Object value) {
    Objects.requireNonNull(serializer, "serializer");
    Objects.requireNonNull(keyBytes, "keyBytes");
    int headroom = ValueEnvelope.valueOffset(keyBytes.length);
    byte[] bytes = serializer.serialize(value, headroom);
    if (bytes == null || bytes.length < headroom) {
      throw new SerializationFailedException(serializer.getClass().getName() + ".serialize(value, "
          + headroom + ") returned " + (bytes == null ? "null" : bytes.length + " bytes")
          + ", not the " + headroom + " bytes of room it was asked for followed by the value");
    }
    int valueLength = bytes.length - headroom;
    ValueEnvelope.writeFrame(bytes, ValueEnvelope.ETERNAL, keyBytes, 0, keyBytes.length, valueLength);
    return new PreparedItem(bytes, valueLength);
  }

  /** The item's length in bytes, for the item size check: {@link ValueEnvelope#encodedLength()}. */
  public int length() {
    return bytes.length;
  }

  /** The serialized value's length in bytes. */
  public int valueLength() {
    return valueLength;
  }

  /**
   * The item bytes with {@code expiresAtMillis} (epoch ms, or {@link ValueEnvelope#ETERNAL}) as the
   * entry's expiry time. The caller hands the array to the wire and must not modify it.
   */
  public byte[] item(long expiresAtMillis) {
    ValueEnvelope.requireValidExpiry(expiresAtMillis);
    if (!handedOut) {
      ValueEnvelope.writeExpiry(bytes, expiresAtMillis);
      handedOut = true;
      handedOutExpiry = expiresAtMillis;
      return bytes;
    }
    if (handedOutExpiry == expiresAtMillis) {
      return bytes;
    }
    byte[] copy = bytes.clone();
    ValueEnvelope.writeExpiry(copy, expiresAtMillis);
    return copy;
  }

  @Override
  public String toString() {
    return "PreparedItem[" + bytes.length + " bytes, value " + valueLength + " bytes]";
  }
}
