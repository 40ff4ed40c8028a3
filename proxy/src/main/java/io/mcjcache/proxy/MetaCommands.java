package io.mcjcache.proxy;

import static io.mcjcache.proxy.Answer.say;

import io.mcjcache.cluster.ClusterStore;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * memcached's meta commands ({@code mg}, {@code ms}, {@code md}, {@code ma}, {@code mn}) as memcached
 * 1.6.18 answers them, over the same store paths as the classic commands (docs/proxy.md, "Meta commands"):
 * reads through {@link ClusterStore#get}, plain writes to both copies, every read-modify-write as one
 * {@link ClusterStore#update} on the key's owner. Items are {@link ProxyItem}s, so a CAS from {@code mg c}
 * is the one {@code gets} hands out and works with {@code cas}, and the other way round.
 *
 * <p>Each command has a class of its own ({@link MetaGet}, {@link MetaSet}, {@link MetaDelete},
 * {@link MetaArithmetic}); this one routes and holds what they share: memcached's checks before the flags,
 * and the shape of the answers.
 */
final class MetaCommands {
  /** memcached's {@code KEY_MAX_LENGTH}, checked on the key token before anything else. */
  static final int KEY_MAX_LENGTH = 250;
  /**
   * memcached's {@code MFLAG_MAX_OPT_LENGTH} (20) counts the command, the key, the flags and the tokenizer's
   * end marker: a line of 20 tokens or more is refused.
   */
  static final int MAX_TOKENS = 20;

  private static final byte[] CRLF = {'\r', '\n'};

  private final MetaGet get;
  private final MetaSet set;
  private final MetaDelete delete;
  private final MetaArithmetic arithmetic;

  MetaCommands(ClusterStore store, ProxyKeys keys, ProxyFigures figures) {
    this.get = new MetaGet(store, keys, figures);
    this.set = new MetaSet(store, keys, figures);
    this.delete = new MetaDelete(store, keys);
    this.arithmetic = new MetaArithmetic(store, keys);
  }

  /** Whether {@code command} is one of the meta commands this class answers. */
  static boolean handles(String command) {
    return switch (command) {
      case "mg", "ms", "md", "ma", "mn" -> true;
      default -> false;
    };
  }

  Answer execute(ByteBufAllocator alloc, Request request) {
    List<String> t = request.tokens();
    return switch (request.command()) {
      case "mg" -> get.execute(alloc, t);
      case "ms" -> set.execute(request);
      case "md" -> delete.execute(t);
      case "ma" -> arithmetic.execute(alloc, t);
      default -> say("MN"); // mn takes no flags; memcached ignores any it is given
    };
  }

  /**
   * memcached's checks before a meta command's flags are read: no key is {@code ERROR}, a key token over
   * 250 bytes {@code CLIENT_ERROR bad command line format}, 20 tokens or more {@code tooMany}. The answer,
   * or {@code null} to go on.
   */
  static String precheck(List<String> t, String tooMany) {
    if (t.size() < 2) {
      return "ERROR";
    }
    if (t.get(1).length() > KEY_MAX_LENGTH) {
      return TextCommands.BAD_FORMAT;
    }
    return t.size() >= MAX_TOKENS ? tooMany : null;
  }

  /** Appends the {@code O} and {@code k} flags of {@code flags}, in request order, as every meta answer echoes them. */
  static StringBuilder echo(StringBuilder line, MetaFlags flags) {
    for (String token : flags.tokens()) {
      echo(line, flags, token);
    }
    return line;
  }

  /** Appends {@code token} when it is an {@code O} (copied back whole) or {@code k} (the key). */
  static void echo(StringBuilder line, MetaFlags flags, String token) {
    if (token.charAt(0) == 'O') {
      line.append(' ').append(token);
    } else if (token.charAt(0) == 'k') {
      line.append(" k").append(flags.echoKey());
    }
  }

  /** A {@code VA} answer: its line, then the data block. */
  static Answer withData(ByteBufAllocator alloc, CharSequence line, byte[] data) {
    ByteBuf out = alloc.buffer(line.length() + data.length + 4);
    out.writeCharSequence(line, StandardCharsets.ISO_8859_1);
    out.writeBytes(CRLF);
    out.writeBytes(data);
    out.writeBytes(CRLF);
    return Answer.send(out);
  }

  /** Whether an item of {@code dataBytes} under {@code storeKey} fits the servers' item size, as {@code set} checks. */
  static boolean fits(ClusterStore store, String storeKey, int dataBytes) {
    return ProxyItem.fits(storeKey, dataBytes, store.itemSizeLimit());
  }
}
