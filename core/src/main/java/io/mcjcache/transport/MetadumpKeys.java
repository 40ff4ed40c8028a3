package io.mcjcache.transport;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Decodes the keys in {@code lru_crawler metadump} output. memcached percent-encodes every byte of a
 * key outside {@code A-Z a-z 0-9 - . _ ~}; spymemcached sends keys as UTF-8, so the decoded bytes
 * are read back as UTF-8. Unlike {@link java.net.URLDecoder}, '+' stays '+' (memcached never uses it
 * for a space).
 */
final class MetadumpKeys {

  private MetadumpKeys() {
  }

  static String decode(String encoded) {
    if (encoded.indexOf('%') < 0) {
      return encoded;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(encoded.length());
    for (int i = 0; i < encoded.length(); i++) {
      char c = encoded.charAt(i);
      if (c == '%') {
        if (i + 2 >= encoded.length()) {
          throw new IllegalArgumentException("truncated percent escape in metadump key: " + encoded);
        }
        int high = Character.digit(encoded.charAt(i + 1), 16);
        int low = Character.digit(encoded.charAt(i + 2), 16);
        if (high < 0 || low < 0) {
          throw new IllegalArgumentException("bad percent escape in metadump key: " + encoded);
        }
        bytes.write(high << 4 | low);
        i += 2;
      } else {
        bytes.write(c);
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
