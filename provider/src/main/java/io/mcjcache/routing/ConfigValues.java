package io.mcjcache.routing;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Case-insensitive parsing of the enum-valued configuration keys, with errors that name the key. */
final class ConfigValues {
  private ConfigValues() {
  }

  static <E extends Enum<E>> E parse(Class<E> type, String key, String value) {
    E[] constants = type.getEnumConstants();
    if (value != null) {
      String wanted = value.trim();
      for (E constant : constants) {
        if (constant.name().equalsIgnoreCase(wanted)) {
          return constant;
        }
      }
    }
    String allowed = Arrays.stream(constants)
        .map(c -> c.name().toLowerCase(Locale.ROOT))
        .collect(Collectors.joining(", "));
    throw new IllegalArgumentException(
        "Bad value for '" + key + "': '" + value + "'; allowed values: " + allowed);
  }
}
