package io.mcjcache.proxy;

import java.util.Arrays;
import java.util.Base64;

/**
 * memcached 1.6.18's parsing of meta command tokens, reproduced rule for rule, so that the proxy takes and
 * refuses exactly the numbers and base64 keys memcached does (a client written against memcached must not
 * meet a stricter or looser server behind the proxy). memcached reads numbers with C's {@code strtol} /
 * {@code strtoull} ({@code safe_strtol} and friends in util.c): leading white space and a sign are allowed,
 * the digits must end the token or be followed by white space, and a value is then cut to the width of the
 * field it is stored in. Its base64 decoder (base64.c) skips characters outside the alphabet and stops at
 * the first padded block.
 */
final class MetaNumbers {
  private static final long MAX_U64_DIV_10 = Long.divideUnsigned(-1L, 10);

  private MetaNumbers() {}

  /**
   * {@code safe_strtol} into an {@code int32_t}: a signed 64-bit number, then its low 32 bits (memcached
   * assigns the {@code long} to an {@code int32_t}, so {@code T4294967297} is {@code T1}); {@code null}
   * when refused.
   */
  static Long strtol32(CharSequence s) {
    Parsed p = parse(s);
    if (p == null) {
      return null;
    }
    boolean fits = p.negative ? Long.compareUnsigned(p.magnitude, Long.MIN_VALUE) <= 0 : p.magnitude >= 0;
    if (!fits) {
      return null; // ERANGE
    }
    return (long) (int) (p.negative ? -p.magnitude : p.magnitude);
  }

  /**
   * {@code safe_strtoull}: an unsigned 64-bit number as a long's bits; {@code null} when refused. A minus
   * sign negates modulo 2^64, and the result is refused only when it looks negative as a signed number
   * ({@code -0} is 0, {@code -1} is refused), as memcached's check does.
   */
  static Long strtoull(CharSequence s) {
    Parsed p = parse(s);
    if (p == null) {
      return null;
    }
    long value = p.negative ? -p.magnitude : p.magnitude;
    if (value < 0 && s.toString().indexOf('-') >= 0) {
      return null;
    }
    return value;
  }

  /** {@code safe_strtoul} into a {@code uint32_t} (client flags): {@link #strtoull}'s rules, then the low 32 bits. */
  static Long strtoul32(CharSequence s) {
    Long value = strtoull(s);
    return value == null ? null : value & 0xFFFF_FFFFL;
  }

  private record Parsed(boolean negative, long magnitude) {}

  /** C's {@code strtoull} in base 10 plus memcached's end check; {@code null} for no digits, ERANGE or junk. */
  private static Parsed parse(CharSequence s) {
    int i = 0;
    int n = s.length();
    while (i < n && isSpace(s.charAt(i))) {
      i++;
    }
    boolean negative = false;
    if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
      negative = s.charAt(i) == '-';
      i++;
    }
    int digitsFrom = i;
    long magnitude = 0;
    boolean overflow = false;
    while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
      int digit = s.charAt(i) - '0';
      if (Long.compareUnsigned(magnitude, MAX_U64_DIV_10) > 0
          || Long.compareUnsigned(magnitude * 10, -1L - digit) > 0) {
        overflow = true;
      }
      magnitude = magnitude * 10 + digit;
      i++;
    }
    if (i == digitsFrom || overflow || (i < n && !isSpace(s.charAt(i)))) {
      return null;
    }
    return new Parsed(negative, magnitude);
  }

  /** C's {@code isspace} in the C locale. */
  static boolean isSpace(char c) {
    return c == ' ' || (c >= '\t' && c <= '\r');
  }

  /**
   * memcached's {@code base64_decode}: characters outside the alphabet (and {@code =}) are skipped, the
   * rest must come in blocks of four, and decoding stops after the first block holding padding. {@code null}
   * where memcached's returns 0 (it treats an empty result as a failure too).
   */
  static byte[] base64Decode(String token) {
    int count = 0;
    for (int i = 0; i < token.length(); i++) {
      if (sextet(token.charAt(i)) >= 0) {
        count++;
      }
    }
    if (count == 0 || count % 4 != 0) {
      return null;
    }
    byte[] out = new byte[count / 4 * 3];
    int pos = 0;
    int[] block = new int[4];
    int inBlock = 0;
    int pad = 0;
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      int value = sextet(c);
      if (value < 0) {
        continue;
      }
      if (c == '=') {
        pad++;
      }
      block[inBlock++] = value;
      if (inBlock == 4) {
        out[pos++] = (byte) ((block[0] << 2) | (block[1] >> 4));
        out[pos++] = (byte) ((block[1] << 4) | (block[2] >> 2));
        out[pos++] = (byte) ((block[2] << 6) | block[3]);
        inBlock = 0;
        if (pad > 0) {
          if (pad > 2) {
            return null; // invalid padding
          }
          pos -= pad;
          break;
        }
      }
    }
    return pos == 0 ? null : Arrays.copyOf(out, pos);
  }

  /** memcached's {@code base64_encode}: the standard alphabet with padding, no line breaks. */
  static String base64Encode(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  /** A character's value in memcached's decode table; {@code =} counts as 0; -1 for characters it skips. */
  private static int sextet(char c) {
    if (c >= 'A' && c <= 'Z') {
      return c - 'A';
    }
    if (c >= 'a' && c <= 'z') {
      return c - 'a' + 26;
    }
    if (c >= '0' && c <= '9') {
      return c - '0' + 52;
    }
    return switch (c) {
      case '+' -> 62;
      case '/' -> 63;
      case '=' -> 0;
      default -> -1;
    };
  }
}
