package io.mcjcache.near;

import static java.nio.charset.StandardCharsets.UTF_8;

/** Items for the near cache's tests: text the assertions can read, as the bytes a store holds. */
final class Items {
  private Items() {}

  static byte[] item(String text) {
    return text.getBytes(UTF_8);
  }

  /** The text of an item; null for none. */
  static String text(byte[] item) {
    return item == null ? null : new String(item, UTF_8);
  }
}
