package io.mcjcache.proxy;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The flags of one meta command, read as memcached 1.6.18's {@code _meta_flag_preparse} reads them, so
 * the proxy answers a bad flag line with memcached's own words: every command takes the same set of flag
 * letters (a letter one command has no use for is accepted and ignored), a letter seen twice is
 * {@code CLIENT_ERROR duplicate flag}, an unknown one {@code CLIENT_ERROR invalid flag}, both at once; a bad
 * token is remembered and the last such error is the answer once all flags are read. The proxy refuses a
 * few more letters per command, those it cannot serve exactly (docs/proxy.md, "Meta commands"), with the
 * answer memcached gives an unknown letter.
 *
 * <p>The key is the token as sent, or with {@code b} the bytes it base64-decodes to (one char per byte).
 */
final class MetaFlags {
  /** Every letter memcached's preparse takes, for any meta command. */
  private static final String KNOWN = "bNTRlOPLkstcfvhuqFCMJDI";
  /** memcached's {@code MFLAG_MAX_OPAQUE_LENGTH}: an {@code O} token, its letter included, may be 32 bytes. */
  private static final int MAX_OPAQUE = 32;

  static final String DUPLICATE = "CLIENT_ERROR duplicate flag";
  static final String INVALID = "CLIENT_ERROR invalid flag";
  static final String BAD_TOKEN = "CLIENT_ERROR bad token in command line format";
  static final String OPAQUE_TOO_LONG = "CLIENT_ERROR opaque token too long";

  private final String keyToken;
  private final List<String> flags;
  private String key;
  private boolean base64;
  private String error;
  private boolean quiet;
  private boolean value;
  private Long ttl;
  private Long vivify;
  private long clientFlags;
  private Long cas;
  private char mode;
  private long delta = 1;
  private long initial;

  private MetaFlags(String keyToken, List<String> flags) {
    this.keyToken = keyToken;
    this.key = keyToken;
    this.flags = flags;
  }

  /**
   * Reads {@code tokens[start..]} as flags of the command whose key is {@code tokens[1]}; {@code refused}
   * lists the letters this command refuses on top of memcached's. See {@link #error()}.
   */
  static MetaFlags parse(List<String> tokens, int start, String refused) {
    MetaFlags f = new MetaFlags(tokens.get(1), tokens.subList(start, tokens.size()));
    boolean[] seen = new boolean[127];
    boolean failed = false;
    String message = null;
    for (String token : f.flags) {
      char letter = token.charAt(0);
      if (letter >= 127 || seen[letter]) {
        f.error = DUPLICATE;
        return f;
      }
      seen[letter] = true;
      if (KNOWN.indexOf(letter) < 0 || refused.indexOf(letter) >= 0) {
        f.error = INVALID;
        return f;
      }
      String arg = token.substring(1);
      String bad = f.read(letter, token, arg);
      if (bad != null) {
        failed = true;
        if (!bad.isEmpty()) {
          message = bad;
        }
      }
    }
    if (failed) {
      // a bad F token sets no message of its own: memcached's default line stays unless another replaced it
      f.error = message == null ? TextCommands.BAD_FORMAT : message;
    }
    return f;
  }

  /** Takes one known flag; the error it causes ("" for one without a message of its own), else {@code null}. */
  private String read(char letter, String token, String arg) {
    switch (letter) {
      case 'b' -> {
        byte[] decoded = MetaNumbers.base64Decode(keyToken);
        if (decoded == null) {
          return "CLIENT_ERROR error decoding key";
        }
        key = new String(decoded, StandardCharsets.ISO_8859_1);
        base64 = true;
      }
      case 'N', 'T', 'R' -> {
        Long seconds = MetaNumbers.strtol32(arg);
        if (seconds == null) {
          return BAD_TOKEN;
        }
        if (letter == 'N') {
          vivify = seconds;
        } else if (letter == 'T') {
          ttl = seconds;
        }
      }
      case 'q' -> quiet = true;
      case 'v' -> value = true;
      case 'F' -> {
        Long parsed = MetaNumbers.strtoul32(arg);
        if (parsed == null) {
          return "";
        }
        clientFlags = parsed;
      }
      case 'C' -> {
        cas = MetaNumbers.strtoull(arg);
        if (cas == null) {
          return BAD_TOKEN;
        }
      }
      case 'M' -> {
        if (token.length() != 2) {
          return "CLIENT_ERROR incorrect length for M token";
        }
        mode = token.charAt(1);
      }
      case 'J' -> {
        Long parsed = MetaNumbers.strtoull(arg);
        if (parsed == null) {
          return "CLIENT_ERROR invalid numeric initial value";
        }
        initial = parsed;
      }
      case 'D' -> {
        Long parsed = MetaNumbers.strtoull(arg);
        if (parsed == null) {
          return "CLIENT_ERROR invalid numeric delta value";
        }
        delta = parsed;
      }
      default -> {
        // O, P, L, k, s, t, c, f, h, l, u, I: nothing to read here
      }
    }
    return null;
  }

  /** memcached's answer to the flags, or {@code null} when they are all right. */
  String error() {
    return error;
  }

  /** Whether an {@code O} token is over memcached's limit. */
  boolean opaqueTooLong() {
    return flags.stream().anyMatch(f -> f.charAt(0) == 'O' && f.length() > MAX_OPAQUE);
  }

  /** The flag tokens in request order (answers echo flags in this order). */
  List<String> tokens() {
    return flags;
  }

  boolean has(char letter) {
    return flags.stream().anyMatch(f -> f.charAt(0) == letter);
  }

  /** The client key: the token, or the bytes {@code b} decoded it to, one char per byte. */
  String key() {
    return key;
  }

  /** The key as {@code k} returns it: as sent, or re-encoded and followed by {@code b} (as memcached does). */
  String echoKey() {
    return base64 ? MetaNumbers.base64Encode(key.getBytes(StandardCharsets.ISO_8859_1)) + " b" : keyToken;
  }

  boolean quiet() {
    return quiet;
  }

  boolean value() {
    return value;
  }

  /** {@code T}'s exptime (memcached's rules), or {@code null}. */
  Long ttl() {
    return ttl;
  }

  /** {@code N}'s exptime, or {@code null}. */
  Long vivify() {
    return vivify;
  }

  /** {@code F}, 0 when not given. */
  long clientFlags() {
    return clientFlags;
  }

  /** {@code C} as a long's bits, or {@code null}. */
  Long cas() {
    return cas;
  }

  /** {@code M}'s letter, or 0. */
  char mode() {
    return mode;
  }

  /** {@code D}, 1 when not given. */
  long delta() {
    return delta;
  }

  /** {@code J}, 0 when not given. */
  long initial() {
    return initial;
  }
}
