package io.mcjcache.proxy;

import io.mcjcache.config.Namespace;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Client keys to the store's memcached keys: {@code <namespace>:@proxy:<client key>}. The JCache caches of
 * a namespace use {@code <namespace>:<percent-encoded cache name>:...}; an encoded cache name never holds
 * {@code @}, so no cache's keys share the proxy's prefix, a cache named {@code proxy} included.
 *
 * <p>memcached's key limit (250 bytes) minus the prefix is the client key limit ({@link #maxClientKeyBytes}).
 * A key is taken as the client sent it, any bytes but NUL, CR and LF (a space ends it), valid UTF-8 (the transport
 * sends keys as UTF-8 strings, so the bytes on the servers are the client's own).
 */
final class ProxyKeys {
  static final int MEMCACHED_MAX_KEY_BYTES = 250;
  static final String PROXY_PART = "@proxy:";

  private final String prefix;

  ProxyKeys(String namespace) {
    this.prefix = Namespace.prefix(namespace) + PROXY_PART;
  }

  /** The start of every key of the proxy's items, for listing them ({@code flush_all}). */
  String prefix() {
    return prefix;
  }

  int maxClientKeyBytes() {
    return MEMCACHED_MAX_KEY_BYTES - prefix.length();
  }

  /**
   * The store key for the client's key token (ISO-8859-1: one char per byte received), or {@code null}
   * when the key is not acceptable: empty, too long, a control character, or not UTF-8.
   */
  String storeKey(String token) {
    if (token.isEmpty() || token.length() > maxClientKeyBytes()) {
      return null;
    }
    boolean ascii = true;
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (c == ' ' || c == '\r' || c == '\n' || c == 0) {
        return null; // what the wire client refuses in a text-protocol key; other control bytes are memcached's too
      }
      ascii &= c < 0x80;
    }
    if (ascii) {
      return prefix + token;
    }
    try {
      return prefix + StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(token.getBytes(StandardCharsets.ISO_8859_1))).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  /** The length the store key takes on the servers. */
  static int storeKeyBytes(String storeKey) {
    return storeKey.getBytes(StandardCharsets.UTF_8).length;
  }
}
