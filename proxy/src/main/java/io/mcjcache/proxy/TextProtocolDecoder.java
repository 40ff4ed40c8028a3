package io.mcjcache.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Frames memcached's text protocol: a command line ending in {@code \n} (a {@code \r} before it is
 * dropped), and after a storage command's line its data block of {@code <bytes>} bytes plus
 * {@code \r\n}; for the meta set {@code ms <key> <datalen> <flags>*} the length is the third token, read
 * as memcached reads it ({@link MetaNumbers#strtol32}). Framing errors become answers, as memcached gives
 * them (docs/proxy.md, "Errors"):
 * <ul>
 *   <li>a storage line whose {@code <bytes>} is missing, not a number or negative:
 *       {@code CLIENT_ERROR bad command line format}, no data block is read (an {@code ms} line without a
 *       readable length goes on without a data block, and {@link MetaSet} answers it in memcached's order
 *       of checks);
 *   <li>a data block not followed by {@code \r\n}: {@code CLIENT_ERROR bad data chunk} (the
 *       {@code <bytes>+2} bytes are consumed, the rest is read as commands);
 *   <li>a data block over the item size: it is read and dropped as it arrives, never buffered whole, then
 *       {@code SERVER_ERROR object too large for cache};
 *   <li>a line over {@link #MAX_LINE_BYTES} with no end: {@code CLIENT_ERROR line too long}, and the
 *       connection is closed (memcached closes it too).
 * </ul>
 * One decoder per connection: a bad request only ever affects the connection that sent it.
 */
final class TextProtocolDecoder extends ByteToMessageDecoder {
  /** The longest command line (a multi-get of many keys is the long one). */
  static final int MAX_LINE_BYTES = 64 * 1024;

  private static final Set<String> STORAGE = Set.of("set", "add", "replace", "append", "prepend", "cas");

  private final int maxDataBytes;

  /** The storage command waiting for its data block, or {@code null} while reading lines. */
  private List<String> pending;
  private int pendingBytes;
  /** Bytes still to drop of an over-large data block, or -1. */
  private long swallowing = -1;
  private boolean closed;

  /** @param maxDataBytes data blocks larger than this are swallowed and refused without being buffered */
  TextProtocolDecoder(int maxDataBytes) {
    this.maxDataBytes = maxDataBytes;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    while (!closed && in.isReadable()) {
      if (swallowing >= 0) {
        int drop = (int) Math.min(swallowing, in.readableBytes());
        in.skipBytes(drop);
        swallowing -= drop;
        if (swallowing > 0) {
          return;
        }
        swallowing = -1;
        out.add(Request.tooLarge(pending));
        pending = null;
      } else if (pending != null) {
        if (in.readableBytes() < pendingBytes + 2) {
          return;
        }
        byte[] data = new byte[pendingBytes];
        in.readBytes(data);
        byte cr = in.readByte();
        byte lf = in.readByte();
        out.add(cr == '\r' && lf == '\n' ? Request.command(pending, data)
            : Request.answerTo(pending, "CLIENT_ERROR bad data chunk"));
        pending = null;
      } else if (!line(in, out)) {
        return;
      }
    }
    if (closed) {
      in.skipBytes(in.readableBytes());
    }
  }

  /** Reads one command line if a whole one is there; {@code false} when more bytes are needed. */
  private boolean line(ByteBuf in, List<Object> out) {
    int end = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\n');
    if (end < 0) {
      if (in.readableBytes() > MAX_LINE_BYTES) {
        closed = true;
        out.add(Request.fatal("CLIENT_ERROR line too long"));
      }
      return false;
    }
    int length = end - in.readerIndex();
    String line = in.toString(in.readerIndex(), length, StandardCharsets.ISO_8859_1);
    in.readerIndex(end + 1);
    if (line.endsWith("\r")) {
      line = line.substring(0, line.length() - 1);
    }
    if (length > MAX_LINE_BYTES) {
      out.add(Request.answer("CLIENT_ERROR line too long"));
      return true;
    }
    List<String> tokens = tokens(line);
    if (!tokens.isEmpty() && tokens.get(0).equals("ms")) {
      metaSet(tokens, out);
      return true;
    }
    if (tokens.isEmpty() || !STORAGE.contains(tokens.get(0))) {
      out.add(Request.command(tokens, null));
      return true;
    }
    int needed = tokens.get(0).equals("cas") ? 6 : 5;
    if (tokens.size() < needed) {
      out.add(Request.answer("ERROR"));
      return true;
    }
    long bytes = parseLength(tokens.get(4));
    if (bytes < 0) {
      out.add(Request.answer("CLIENT_ERROR bad command line format"));
      return true;
    }
    expectData(tokens, bytes);
    return true;
  }

  /**
   * {@code ms <key> <datalen> ...}: memcached takes the length with {@code safe_strtol} into an int and
   * refuses it below 0 or above {@code INT_MAX - 2}. Without a readable length no block is framed.
   */
  private void metaSet(List<String> tokens, List<Object> out) {
    Long bytes = tokens.size() < 3 ? null : MetaNumbers.strtol32(tokens.get(2));
    if (bytes == null || bytes < 0 || bytes > Integer.MAX_VALUE - 2) {
      out.add(Request.command(tokens, null));
      return;
    }
    expectData(tokens, bytes);
  }

  /** The next {@code bytes} + 2 bytes are {@code tokens}' data block; over the item size they are swallowed. */
  private void expectData(List<String> tokens, long bytes) {
    pending = tokens;
    if (bytes > maxDataBytes) {
      swallowing = bytes + 2;
    } else {
      pendingBytes = (int) bytes;
    }
  }

  /** A data length: decimal digits within int range (memcached's {@code safe_strtol}), else -1. */
  private static long parseLength(String token) {
    if (token.isEmpty() || token.length() > 10) {
      return -1;
    }
    long value = 0;
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value > Integer.MAX_VALUE - 2 ? -1 : value;
  }

  /** Splits on spaces, as memcached's tokenizer does; runs of spaces make no empty tokens. */
  static List<String> tokens(String line) {
    List<String> tokens = new ArrayList<>();
    int start = 0;
    for (int i = 0; i <= line.length(); i++) {
      if (i == line.length() || line.charAt(i) == ' ') {
        if (i > start) {
          tokens.add(line.substring(start, i));
        }
        start = i + 1;
      }
    }
    return tokens;
  }
}
