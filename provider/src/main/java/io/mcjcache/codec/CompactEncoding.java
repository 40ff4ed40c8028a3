package io.mcjcache.codec;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The fast path of {@link JavaSerializer}: a one-byte type tag followed by a fixed big-endian encoding
 * for the types JCache keys and values most often are. Compared with {@code ObjectOutputStream} (about
 * 80 bytes for a boxed {@code Long}) this keeps memcached keys short and skips reflection entirely.
 *
 * <p>The tags and encodings are part of the stored format: a key's bytes are its identity on the
 * servers, so changing any of them orphans every stored entry. Equal values must encode identically,
 * hence {@code Double.doubleToLongBits} (one NaN) rather than the raw bits.
 */
final class CompactEncoding {

  static final byte STRING_UTF8 = 0x01;
  /** Strings with unpaired surrogates, which UTF-8 cannot carry without replacing them. */
  static final byte STRING_UTF16 = 0x02;
  static final byte BYTE_ARRAY = 0x03;
  static final byte INTEGER = 0x04;
  static final byte LONG = 0x05;
  static final byte SHORT = 0x06;
  static final byte BYTE = 0x07;
  static final byte CHARACTER = 0x08;
  static final byte BOOLEAN = 0x09;
  static final byte DOUBLE = 0x0A;
  static final byte FLOAT = 0x0B;

  private CompactEncoding() {}

  /** True when {@code type} has a compact encoding (exact classes only; all of them are final). */
  static boolean handles(Class<?> type) {
    return type == String.class
        || type == byte[].class
        || type == Integer.class
        || type == Long.class
        || type == Short.class
        || type == Byte.class
        || type == Character.class
        || type == Boolean.class
        || type == Double.class
        || type == Float.class;
  }

  /** True when {@code tag} is one of ours (as opposed to, e.g., the Java-serialization tag). */
  static boolean isCompactTag(byte tag) {
    return tag >= STRING_UTF8 && tag <= FLOAT;
  }

  /** Encodes a value whose class {@link #handles} accepts. */
  static byte[] encode(Object value) {
    return encode(value, 0);
  }

  /**
   * Encodes a value whose class {@link #handles} accepts at index {@code headroom} of a new array that
   * has {@code headroom} unused bytes in front (where a write puts the item's header).
   */
  static byte[] encode(Object value, int headroom) {
    if (value instanceof String s) {
      return encodeString(s, headroom);
    }
    if (value instanceof byte[] b) {
      byte[] out = tagged(headroom, BYTE_ARRAY, b.length);
      System.arraycopy(b, 0, out, headroom + 1, b.length);
      return out;
    }
    if (value instanceof Integer i) {
      return body(headroom, INTEGER, 4).putInt(i).array();
    }
    if (value instanceof Long l) {
      return body(headroom, LONG, 8).putLong(l).array();
    }
    if (value instanceof Short s) {
      return body(headroom, SHORT, 2).putShort(s).array();
    }
    if (value instanceof Byte b) {
      return body(headroom, BYTE, 1).put(b).array();
    }
    if (value instanceof Character c) {
      return body(headroom, CHARACTER, 2).putChar(c).array();
    }
    if (value instanceof Boolean b) {
      return body(headroom, BOOLEAN, 1).put((byte) (b ? 1 : 0)).array();
    }
    if (value instanceof Double d) {
      return body(headroom, DOUBLE, 8).putLong(Double.doubleToLongBits(d)).array();
    }
    if (value instanceof Float f) {
      return body(headroom, FLOAT, 4).putInt(Float.floatToIntBits(f)).array();
    }
    throw new IllegalArgumentException("no compact encoding for " + value.getClass().getName());
  }

  /** A new array: {@code headroom} unused bytes, the tag, then room for {@code bodyLength} bytes. */
  private static byte[] tagged(int headroom, byte tag, int bodyLength) {
    byte[] out = new byte[headroom + 1 + bodyLength];
    out[headroom] = tag;
    return out;
  }

  /** A buffer over {@link #tagged}'s array, positioned at the body (big-endian, as the format is). */
  private static ByteBuffer body(int headroom, byte tag, int bodyLength) {
    return ByteBuffer.wrap(tagged(headroom, tag, bodyLength)).position(headroom + 1);
  }

  /** Decodes {@code length} bytes at {@code offset}, the first of which is a compact tag. */
  static Object decode(byte[] bytes, int offset, int length) {
    byte tag = bytes[offset];
    int bodyOffset = offset + 1;
    int bodyLength = length - 1;
    requireBodyLength(tag, bodyLength);
    ByteBuffer body = ByteBuffer.wrap(bytes, bodyOffset, bodyLength);
    return switch (tag) {
      case STRING_UTF8 -> new String(bytes, bodyOffset, bodyLength, StandardCharsets.UTF_8);
      case STRING_UTF16 -> decodeChars(body);
      case BYTE_ARRAY -> Arrays.copyOfRange(bytes, bodyOffset, bodyOffset + bodyLength);
      case INTEGER -> body.getInt();
      case LONG -> body.getLong();
      case SHORT -> body.getShort();
      case BYTE -> body.get();
      case CHARACTER -> body.getChar();
      case BOOLEAN -> decodeBoolean(body.get());
      case DOUBLE -> Double.longBitsToDouble(body.getLong());
      case FLOAT -> Float.intBitsToFloat(body.getInt());
      default -> throw new SerializationFailedException("Corrupt value: unknown type tag " + tag);
    };
  }

  private static byte[] encodeString(String s, int headroom) {
    byte[] ascii = encodeAscii(s, headroom);
    if (ascii != null) {
      return ascii;
    }
    if (isWellFormed(s)) {
      byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
      byte[] out = tagged(headroom, STRING_UTF8, utf8.length);
      System.arraycopy(utf8, 0, out, headroom + 1, utf8.length);
      return out;
    }
    // UTF-8 would turn every lone surrogate into '?', so "a\uD800" and "a?" would become one key.
    ByteBuffer out = body(headroom, STRING_UTF16, 2 * s.length());
    for (int i = 0; i < s.length(); i++) {
      out.putChar(s.charAt(i));
    }
    return out.array();
  }

  /**
   * The tag and the string's bytes when every character is ASCII (UTF-8 is then one byte per character,
   * the same bytes), else null. Most keys are ASCII, and every JCache call serializes its key: one pass
   * into the result instead of a surrogate scan, an encoder's array and a copy behind the tag.
   */
  private static byte[] encodeAscii(String s, int headroom) {
    int length = s.length();
    byte[] out = tagged(headroom, STRING_UTF8, length);
    for (int i = 0; i < length; i++) {
      char c = s.charAt(i);
      if (c >= 0x80) {
        return null;
      }
      out[headroom + 1 + i] = (byte) c;
    }
    return out;
  }

  /** True when {@code s} has no unpaired surrogate, i.e. UTF-8 round-trips it exactly. */
  static boolean isWellFormed(CharSequence s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
        } else {
          return false;
        }
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  /** Char by char: the JDK's UTF-16 decoder would replace the very surrogates this tag exists for. */
  private static String decodeChars(ByteBuffer body) {
    char[] chars = new char[body.remaining() / 2];
    body.asCharBuffer().get(chars);
    return new String(chars);
  }

  private static Boolean decodeBoolean(byte b) {
    if (b == 0 || b == 1) {
      return b == 1;
    }
    throw new SerializationFailedException("Corrupt value: boolean byte " + b + " is neither 0 nor 1");
  }

  /** Rejects a body whose length cannot be the encoding of {@code tag}: truncated or foreign bytes. */
  private static void requireBodyLength(byte tag, int actual) {
    int expected =
        switch (tag) {
          case BYTE, BOOLEAN -> 1;
          case SHORT, CHARACTER -> 2;
          case INTEGER, FLOAT -> 4;
          case LONG, DOUBLE -> 8;
          default -> -1;
        };
    if (expected >= 0 && actual != expected) {
      throw new SerializationFailedException(
          "Corrupt value: type tag " + tag + " needs " + expected + " bytes, found " + actual);
    }
    if (tag == STRING_UTF16 && actual % 2 != 0) {
      throw new SerializationFailedException(
          "Corrupt value: a UTF-16 string needs an even number of bytes, found " + actual);
    }
  }
}
