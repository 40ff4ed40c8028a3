package io.mcjcache.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Reads the value of a key that takes one of a few words ({@code mirror=pairs}) into its enum.
 *
 * <p>The configuration word of each constant is its lower-case name, so the enum is the single list
 * of allowed values and the error message can never disagree with the code.
 */
final class ConfigChoice {

  private ConfigChoice() {}

  /** The word a user writes for {@code constant}, e.g. {@code pairs}. */
  static String word(Enum<?> constant) {
    return constant.name().toLowerCase(Locale.ROOT);
  }

  /** Matches {@code raw} (trimmed, case-insensitive) against the constants' words. */
  static <E extends Enum<E>> E parse(String key, String raw, Class<E> type) {
    String wanted = raw.trim();
    for (E constant : type.getEnumConstants()) {
      if (word(constant).equalsIgnoreCase(wanted)) {
        return constant;
      }
    }
    throw new IllegalArgumentException(
        "mcjcache: " + key + " must be one of " + allowed(type) + ", got '" + raw + "'");
  }

  /** The allowed words joined for a message, e.g. {@code pairs|none}. */
  static String allowed(Class<? extends Enum<?>> type) {
    return Arrays.stream(type.getEnumConstants()).map(ConfigChoice::word).collect(Collectors.joining("|"));
  }
}
