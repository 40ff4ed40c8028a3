package io.mcjcache.config;

import java.util.Locale;
import java.util.Objects;

/**
 * The rule for a namespace, the first part of every memcached key of a cache manager (and of the proxy):
 * validated, not encoded, so that operators can read it in {@code lru_crawler metadump} output, and never
 * holding the separator {@code :}, so that one namespace's keys never start with another's prefix
 * (docs/codec.md, "Keys").
 */
public final class Namespace {
  /** The longest namespace: with the longest encoded cache name it leaves room for a key digest. */
  public static final int MAX_LENGTH = 64;

  private static final char SEPARATOR = ':';

  private Namespace() {}

  /** {@code <namespace>:}, the start of every key in that namespace. */
  public static String prefix(String namespace) {
    return validate(namespace) + SEPARATOR;
  }

  /** Whether {@code namespace} may be used: 1 to {@value #MAX_LENGTH} characters from {@code [A-Za-z0-9._-]}. */
  public static boolean isValid(String namespace) {
    if (namespace == null || namespace.isEmpty() || namespace.length() > MAX_LENGTH) {
      return false;
    }
    for (int i = 0; i < namespace.length(); i++) {
      if (!allowed(namespace.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Returns {@code namespace} if it may be used as a namespace.
   *
   * @throws IllegalArgumentException naming the problem otherwise: empty, longer than {@value #MAX_LENGTH}
   *     characters, or a character outside {@code [A-Za-z0-9._-]}
   */
  public static String validate(String namespace) {
    Objects.requireNonNull(namespace, "namespace");
    if (namespace.isEmpty() || namespace.length() > MAX_LENGTH) {
      throw new IllegalArgumentException("namespace must be 1 to " + MAX_LENGTH + " characters long, got "
          + namespace.length() + ": '" + printable(namespace) + "'");
    }
    for (int i = 0; i < namespace.length(); i++) {
      char c = namespace.charAt(i);
      if (!allowed(c)) {
        throw new IllegalArgumentException("namespace '" + printable(namespace) + "' has an illegal character "
            + String.format(Locale.ROOT, "U+%04X", (int) c) + " at index " + i
            + "; only A-Z, a-z, 0-9, '.', '_' and '-' are allowed");
      }
    }
    return namespace;
  }

  private static boolean allowed(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_'
        || c == '-';
  }

  /** {@code s} as an error message may show it: control characters escaped, at most 80 code points. */
  public static String printable(String s) {
    StringBuilder out = new StringBuilder();
    s.codePoints().limit(80).forEach(cp -> {
      if (cp < 0x20 || cp == 0x7F) {
        out.append(String.format(Locale.ROOT, "\\u%04X", cp));
      } else {
        out.appendCodePoint(cp);
      }
    });
    return s.codePointCount(0, s.length()) > 80 ? out + "..." : out.toString();
  }
}
