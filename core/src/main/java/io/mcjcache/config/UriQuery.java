package io.mcjcache.config;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code ?key=value&...} part of a CacheManager URI. Percent-escapes are decoded as UTF-8; unlike
 * HTML form decoding a '+' stays a '+', because it is a URI and not a form.
 */
final class UriQuery {

  private UriQuery() {}

  /** Keys and values of {@code rawQuery} in order; a key given twice is an error, not "last wins". */
  static Map<String, String> parse(String rawQuery, String uriText) {
    Map<String, String> values = new LinkedHashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return values;
    }
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) {
        continue; // "a=1&&b=2" or a trailing '&': harmless
      }
      int equals = pair.indexOf('=');
      if (equals <= 0) {
        throw new IllegalArgumentException("mcjcache: URI query part '" + pair + "' is not key=value in '"
            + uriText + "'");
      }
      String key = decode(pair.substring(0, equals), uriText);
      String value = decode(pair.substring(equals + 1), uriText);
      if (values.putIfAbsent(key, value) != null) {
        throw new IllegalArgumentException("mcjcache: " + key + " is given twice in the query of '" + uriText + "'");
      }
    }
    return values;
  }

  /** Decodes %XX escapes (UTF-8); a '%' not followed by two hex digits is an error naming the URI. */
  static String decode(String text, String uriText) {
    if (text.indexOf('%') < 0) {
      return text;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
    int plainStart = 0;
    for (int i = text.indexOf('%'); i >= 0; i = text.indexOf('%', plainStart)) {
      // Copy the unescaped run as a whole, so characters outside the BMP keep both their halves.
      bytes.writeBytes(text.substring(plainStart, i).getBytes(StandardCharsets.UTF_8));
      int high = i + 2 < text.length() ? Character.digit(text.charAt(i + 1), 16) : -1;
      int low = high >= 0 ? Character.digit(text.charAt(i + 2), 16) : -1;
      if (low < 0) {
        throw new IllegalArgumentException(
            "mcjcache: bad percent-escape in '" + text + "' of '" + uriText + "' (expected %XX)");
      }
      bytes.write(high * 16 + low);
      plainStart = i + 3;
    }
    bytes.writeBytes(text.substring(plainStart).getBytes(StandardCharsets.UTF_8));
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
