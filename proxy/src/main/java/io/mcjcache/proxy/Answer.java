package io.mcjcache.proxy;

import io.netty.buffer.ByteBuf;

/**
 * What a command sends back: one line (without its {@code \r\n}), a prepared buffer (retrievals, stats),
 * or nothing ({@link #NONE}, for {@code noreply} and quiet meta commands). {@link #QUIT} closes the
 * connection instead.
 */
record Answer(String line, ByteBuf buffer) {
  static final Answer NONE = new Answer(null, null);
  static final Answer QUIT = new Answer(null, null);

  static Answer say(String line) {
    return new Answer(line, null);
  }

  static Answer send(ByteBuf buffer) {
    return new Answer(null, buffer);
  }

  /** Success answers are dropped under {@code noreply}; callers send errors with {@link #say}, as memcached does. */
  static Answer reply(String line, boolean noreply) {
    return noreply ? NONE : say(line);
  }
}
