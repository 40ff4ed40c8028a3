package io.mcjcache.config;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Reads and checks single values. Both the parser (text from a URI or file) and the settings records
 * (values built in code) check ranges here, so a value is refused with the same words wherever it
 * comes from. Every message names the key, the value and what is allowed.
 */
final class ConfigValues {

  static final int MAX_ITEM_SIZE = 1024 * 1024 * 1024;

  private ConfigValues() {}

  static int positiveInt(String key, String raw) {
    return checkPositive(key, integer(key, raw, "a positive integer"));
  }

  static int nonNegativeInt(String key, String raw) {
    return checkNonNegative(key, integer(key, raw, "an integer >= 0"));
  }

  static int checkPositive(String key, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(
          "mcjcache: " + key + " must be a positive integer, got '" + value + "'");
    }
    return value;
  }

  static int checkNonNegative(String key, int value) {
    if (value < 0) {
      throw new IllegalArgumentException("mcjcache: " + key + " must be an integer >= 0, got '" + value + "'");
    }
    return value;
  }

  /**
   * A byte count as memcached's {@code -I} takes it: plain bytes, or a number with a {@code k} or
   * {@code m} suffix (binary units), within memcached's own bounds 1k..1024m.
   */
  static int byteSize(String key, String raw) {
    String text = raw.trim().toLowerCase(Locale.ROOT);
    long unit = 1;
    if (text.endsWith("k")) {
      unit = 1024;
    } else if (text.endsWith("m")) {
      unit = 1024 * 1024;
    }
    String digits = unit == 1 ? text : text.substring(0, text.length() - 1);
    if (digits.isEmpty() || digits.length() > 10 || !digits.chars().allMatch(Character::isDigit)) {
      throw new IllegalArgumentException("mcjcache: " + key
          + " must be a size in bytes, optionally with a k or m suffix (e.g. 1048576 or 1m), got '" + raw + "'");
    }
    long bytes = Long.parseLong(digits) * unit;
    return checkItemSize(key, bytes > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) bytes, raw);
  }

  static int checkItemSize(String key, int bytes, Object shown) {
    if (bytes < ClusterSettings.MIN_ITEM_SIZE_LIMIT || bytes > MAX_ITEM_SIZE) {
      throw new IllegalArgumentException(
          "mcjcache: " + key + " must be between " + ClusterSettings.MIN_ITEM_SIZE_LIMIT + " and "
              + MAX_ITEM_SIZE + " bytes (1k..1024m, the range memcached -I accepts), got '" + shown + "'");
    }
    return bytes;
  }

  /** Namespaces go into every memcached key, so they use only characters that are safe there. */
  static String namespace(String key, String value) {
    if (!Namespace.isValid(value)) {
      throw new IllegalArgumentException("mcjcache: " + key + " must be 1.." + Namespace.MAX_LENGTH
          + " characters from [A-Za-z0-9._-], got '" + value + "'");
    }
    return value;
  }

  /**
   * The user's allow-list patterns, checked now rather than when the first value is read, so a typo
   * fails at start-up and not as a deserialization error in production traffic. The codec defines the
   * syntax; this only puts the key and the value into the message, like every other key.
   */
  static DeserializationAllowList allowList(String key, String value) {
    try {
      return DeserializationAllowList.parse(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("mcjcache: " + key
          + " must be ObjectInputFilter patterns separated by ';' (e.g. 'com.example.**;!java.util.PriorityQueue'),"
          + " got '" + value + "': " + e.getMessage(), e);
    }
  }

  /** {@code true} or {@code false}, as Java properties write them (case ignored). */
  static boolean bool(String key, String raw) {
    String text = raw.trim().toLowerCase(Locale.ROOT);
    if (text.equals("true") || text.equals("false")) {
      return text.equals("true");
    }
    throw new IllegalArgumentException("mcjcache: " + key + " must be true or false, got '" + raw + "'");
  }

  /** A file that must exist and be readable when the setting is read, so that a typo fails at start-up. */
  static Path readableFile(String key, String raw) {
    Path path;
    try {
      path = Path.of(raw.trim());
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException("mcjcache: " + key + " is not a usable path: '" + raw + "' ("
          + e.getReason() + ")", e);
    }
    if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
      throw new IllegalArgumentException("mcjcache: " + key + " names no readable file: " + path.toAbsolutePath());
    }
    return path;
  }

  private static int integer(String key, String raw, String expected) {
    String text = raw.trim();
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("mcjcache: " + key + " must be " + expected
          + (looksNumeric(text) ? " no larger than " + Integer.MAX_VALUE : "") + ", got '" + raw + "'");
    }
  }

  private static boolean looksNumeric(String text) {
    return !text.isEmpty() && text.chars().allMatch(Character::isDigit);
  }
}
