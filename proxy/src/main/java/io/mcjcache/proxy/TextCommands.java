package io.mcjcache.proxy;

import static io.mcjcache.proxy.Answer.NONE;
import static io.mcjcache.proxy.Answer.QUIT;
import static io.mcjcache.proxy.Answer.reply;
import static io.mcjcache.proxy.Answer.say;

import io.mcjcache.cluster.ClusterStore;
import io.mcjcache.cluster.Decision;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * memcached's classic text commands, executed against the cluster store (docs/proxy.md, "Commands"):
 * reads through the store's failover and recovery fallback, writes to home and partner, every
 * read-modify-write ({@code add}, {@code cas}, {@code incr}, {@code touch} ...) as one
 * {@link ClusterStore#update} on the key's owner. Store failures are thrown; {@link CommandHandler} turns
 * them into {@code SERVER_ERROR} lines.
 */
final class TextCommands {
  static final String VERSION = "1.6.0-mcjcache-proxy";
  static final String BAD_FORMAT = "CLIENT_ERROR bad command line format";
  static final String TOO_LARGE = "SERVER_ERROR object too large for cache";
  private static final long MAX_U32 = 0xFFFF_FFFFL;
  private static final Logger LOG = Logger.getLogger(TextCommands.class.getName());

  /** Commands that take {@code noreply}: with it their answers, errors included, are not sent. */
  private static final Set<String> NOREPLY_COMMANDS = Set.of("set", "add", "replace", "append", "prepend", "cas",
      "delete", "touch", "incr", "decr", "flush_all", "verbosity");

  private final ClusterStore store;
  private final ProxyKeys keys;
  private final ProxyFigures figures;
  private final ProxyStats stats;
  private final ScheduledExecutorService timer;

  /** @param timer runs delayed {@code flush_all}s; its owner shuts it down */
  TextCommands(ClusterStore store, ProxyKeys keys, ProxyFigures figures, ProxyStats stats,
      ScheduledExecutorService timer) {
    this.store = store;
    this.keys = keys;
    this.figures = figures;
    this.stats = stats;
    this.timer = timer;
  }

  Answer execute(ByteBufAllocator alloc, Request request) {
    List<String> t = request.tokens();
    switch (request.command()) {
      case "get":
        return retrieve(alloc, t, false);
      case "gets":
        return retrieve(alloc, t, true);
      case "gat":
        return getAndTouch(alloc, t, false);
      case "gats":
        return getAndTouch(alloc, t, true);
      case "set":
      case "add":
      case "replace":
      case "append":
      case "prepend":
      case "cas":
        return storage(request);
      case "delete":
        return delete(t);
      case "touch":
        return touch(t);
      case "incr":
        return arithmetic(t, true);
      case "decr":
        return arithmetic(t, false);
      case "flush_all":
        return flushAll(t);
      case "version":
        return say("VERSION " + VERSION); // memcached 1.6 ignores arguments here, noreply included
      case "verbosity":
        if (t.size() < 2 || t.size() > 3) {
          return say("ERROR");
        }
        if (noreply(t, t.size() - 1)) {
          return NONE; // memcached stays silent here even when the level is not a number
        }
        return parseUnsigned(t.get(1), MAX_U32) < 0 ? say(BAD_FORMAT) : say("OK");
      case "stats":
        return stats(alloc, t);
      case "shutdown":
        return say("ERROR: shutdown not enabled"); // memcached's answer without -A; the agent stops on SIGTERM
      case "cache_memlimit":
        return say("SERVER_ERROR cache_memlimit is each memcached server's own setting; the proxy has none");
      case "quit":
        return QUIT;
      default:
        return say("ERROR");
    }
  }

  // ---------------------------------------------------------------- retrieval

  private Answer retrieve(ByteBufAllocator alloc, List<String> t, boolean withCas) {
    if (t.size() < 2) {
      return say("ERROR");
    }
    Map<String, String> clientKeys = new LinkedHashMap<>();
    List<String> order = new ArrayList<>(t.size() - 1);
    for (String token : t.subList(1, t.size())) {
      String key = keys.storeKey(token);
      if (key == null) {
        return say(BAD_FORMAT);
      }
      clientKeys.putIfAbsent(key, token);
      order.add(key);
    }
    figures.getKeys.add(order.size());
    Map<String, byte[]> found;
    if (clientKeys.size() == 1) {
      String key = order.get(0);
      byte[] value = store.get(key);
      found = value == null ? Map.of() : Map.of(key, value);
    } else {
      found = store.getAll(clientKeys.keySet());
    }
    long now = System.currentTimeMillis();
    ByteBuf out = alloc.buffer();
    for (String key : order) {
      byte[] value = found.get(key);
      ProxyItem item = ProxyItem.live(value, now);
      if (item == null) {
        continue;
      }
      figures.getHits.increment();
      writeValue(out, clientKeys.get(key), item, withCas);
    }
    out.writeCharSequence("END\r\n", StandardCharsets.ISO_8859_1);
    return Answer.send(out);
  }

  private static void writeValue(ByteBuf out, String clientKey, ProxyItem item, boolean withCas) {
    String header = "VALUE " + clientKey + " " + item.flags() + " " + item.data().length
        + (withCas ? " " + item.stamp() : "") + "\r\n";
    out.writeCharSequence(header, StandardCharsets.ISO_8859_1);
    out.writeBytes(item.data());
    out.writeCharSequence("\r\n", StandardCharsets.ISO_8859_1);
  }

  /**
   * {@code gat}/{@code gats <exptime> <key>*}: each key is a {@code touch} on its owner that hands back the
   * item, so the new expiry reaches both copies; a missing or expired key is left out, as a miss.
   */
  private Answer getAndTouch(ByteBufAllocator alloc, List<String> t, boolean withCas) {
    if (t.size() < 3) {
      return say("ERROR");
    }
    Long exptime = parseSigned(t.get(1));
    if (exptime == null) {
      return say("CLIENT_ERROR invalid exptime argument");
    }
    List<String> storeKeys = new ArrayList<>(t.size() - 2);
    for (String token : t.subList(2, t.size())) {
      String key = keys.storeKey(token);
      if (key == null) {
        return say(BAD_FORMAT);
      }
      storeKeys.add(key);
    }
    ByteBuf out = alloc.buffer();
    try {
      for (int i = 0; i < storeKeys.size(); i++) {
        figures.getKeys.increment();
        ProxyItem item =
            store.update(storeKeys.get(i), current -> ProxyItem.touch(current, exptime, (old, touched) -> touched));
        if (item != null) {
          figures.getHits.increment();
          writeValue(out, t.get(i + 2), item, withCas);
        }
      }
    } catch (RuntimeException e) {
      out.release();
      throw e;
    }
    out.writeCharSequence("END\r\n", StandardCharsets.ISO_8859_1);
    return Answer.send(out);
  }

  // ---------------------------------------------------------------- storage

  private Answer storage(Request request) {
    List<String> t = request.tokens();
    String command = t.get(0);
    boolean cas = command.equals("cas");
    int noreplyAt = cas ? 6 : 5;
    if (t.size() > noreplyAt + 1) {
      return say("ERROR");
    }
    String key = keys.storeKey(t.get(1));
    long flags = parseUnsigned(t.get(2), MAX_U32);
    Long exptime = parseSigned(t.get(3));
    long expected = cas ? parseU64(t.get(5)) : 0;
    if (key == null || flags < 0 || exptime == null
        || (cas && expected == -1 && !t.get(5).equals("18446744073709551615"))) {
      return say(BAD_FORMAT);
    }
    boolean noreply = noreply(t, noreplyAt);
    if (request.tooLarge() || !fits(key, request.data().length)) {
      if (command.equals("set")) {
        store.delete(key); // as memcached: a failed set leaves no stale value behind
      }
      return say(TOO_LARGE);
    }
    figures.storage.increment();
    long now = System.currentTimeMillis();
    ProxyItem item = ProxyItem.written(flags, ProxyItem.expiresAt(exptime, now), request.data());
    int backstop = ProxyItem.memcachedExptime(item.expiresAtMillis(), now);
    switch (command) {
      case "set":
        if (backstop < 0) {
          store.delete(key);
        } else {
          store.put(key, item.encode(), backstop);
        }
        return reply("STORED", noreply);
      case "cas":
        // On the owner, as every read-modify-write: both copies carry the stamp the client saw.
        return reply(store.update(key, current -> {
          ProxyItem old = ProxyItem.live(current, System.currentTimeMillis());
          if (old == null) {
            return Decision.keep("NOT_FOUND");
          }
          if (old.stamp() != expected) {
            return Decision.keep("EXISTS");
          }
          return backstop < 0 ? Decision.<String>remove("STORED")
              : Decision.write(item.encode(), backstop, "STORED");
        }), noreply);
      case "add":
        return reply(store.update(key, current -> {
          if (ProxyItem.live(current, System.currentTimeMillis()) != null) {
            return Decision.keep("NOT_STORED");
          }
          return backstop < 0 ? Decision.<String>remove("STORED")
              : Decision.write(item.encode(), backstop, "STORED");
        }), noreply);
      case "replace":
        return reply(store.update(key, current -> {
          if (ProxyItem.live(current, System.currentTimeMillis()) == null) {
            return Decision.keep("NOT_STORED");
          }
          return backstop < 0 ? Decision.<String>remove("STORED")
              : Decision.write(item.encode(), backstop, "STORED");
        }), noreply);
      default: // append, prepend: the item keeps its flags and expiry
        boolean append = command.equals("append");
        return reply(store.update(key, current -> {
          long at = System.currentTimeMillis();
          ProxyItem old = ProxyItem.live(current, at);
          if (old == null) {
            return Decision.keep("NOT_STORED");
          }
          ProxyItem joined = old.joined(item.data(), append);
          if (!fits(key, joined.data().length)) {
            return Decision.keep(TOO_LARGE);
          }
          return Decision.write(joined.encode(),
              Math.max(0, ProxyItem.memcachedExptime(old.expiresAtMillis(), at)), "STORED");
        }), noreply);
    }
  }

  private boolean fits(String key, int dataBytes) {
    return ProxyItem.fits(key, dataBytes, store.itemSizeLimit());
  }

  // ---------------------------------------------------------------- delete, touch, incr/decr

  private Answer delete(List<String> t) {
    if (t.size() < 2 || t.size() > 4) {
      return say("ERROR");
    }
    String key = keys.storeKey(t.get(1));
    if (key == null) {
      return say(BAD_FORMAT);
    }
    boolean noreply = noreply(t, t.size() - 1);
    int extra = t.size() - 2 - (noreply ? 1 : 0);
    if (extra > 1 || (extra == 1 && !t.get(2).equals("0"))) {
      return say("CLIENT_ERROR bad command line format.  Usage: delete <key> [noreply]");
    }
    // On the owner rather than ClusterStore.delete, whose "found" also counts an expired copy or the short
    // tombstone of an atomic removal: memcached says NOT_FOUND for both.
    String answer = store.update(key, current -> {
      if (ProxyItem.live(current, System.currentTimeMillis()) == null) {
        return current == null ? Decision.keep("NOT_FOUND") : Decision.remove("NOT_FOUND");
      }
      return Decision.remove("DELETED");
    });
    return reply(answer, noreply);
  }

  private Answer touch(List<String> t) {
    if (t.size() < 3 || t.size() > 4) {
      return say("ERROR");
    }
    String key = keys.storeKey(t.get(1));
    Long exptime = parseSigned(t.get(2));
    if (key == null || exptime == null) {
      return say(BAD_FORMAT);
    }
    boolean noreply = noreply(t, 3);
    String answer = store.update(key, current -> ProxyItem.touch(current, exptime, (old, touched) -> "TOUCHED"));
    return reply(answer == null ? "NOT_FOUND" : answer, noreply);
  }

  private Answer arithmetic(List<String> t, boolean incr) {
    if (t.size() < 3 || t.size() > 4) {
      return say("ERROR");
    }
    String key = keys.storeKey(t.get(1));
    if (key == null) {
      return say(BAD_FORMAT);
    }
    long delta = parseU64(t.get(2));
    if (delta == -1 && !t.get(2).equals("18446744073709551615")) {
      return say("CLIENT_ERROR invalid numeric delta argument");
    }
    boolean noreply = noreply(t, 3);
    return reply(store.update(key, current -> {
      long now = System.currentTimeMillis();
      ProxyItem old = ProxyItem.live(current, now);
      if (old == null) {
        return Decision.keep("NOT_FOUND");
      }
      String text = new String(old.data(), StandardCharsets.ISO_8859_1).stripTrailing();
      long value = parseU64(text);
      if (text.isEmpty() || (value == -1 && !text.equals("18446744073709551615"))) {
        return Decision.keep("CLIENT_ERROR cannot increment or decrement non-numeric value");
      }
      long result = incr ? value + delta : (Long.compareUnsigned(value, delta) < 0 ? 0 : value - delta);
      String answer = Long.toUnsignedString(result);
      int backstop = Math.max(0, ProxyItem.memcachedExptime(old.expiresAtMillis(), now));
      return Decision.write(old.withData(answer.getBytes(StandardCharsets.US_ASCII)).encode(), backstop, answer);
    }), noreply);
  }

  // ---------------------------------------------------------------- flush_all, stats

  /**
   * {@code flush_all [delay] [noreply]}: lists the proxy's keys and deletes them in batches, never the
   * servers' other contents. With a delay (memcached's exptime rules) the same runs once the time comes, on
   * the proxy's timer: what exists then is removed, which is memcached's rule too (items stored up to the
   * flush time go). A proxy stopped before the time forgets the flush.
   */
  private Answer flushAll(List<String> t) {
    if (t.size() > 3) {
      return say("ERROR");
    }
    boolean noreply = noreply(t, t.size() - 1);
    int args = t.size() - 1 - (noreply ? 1 : 0);
    long delayMillis = 0;
    if (args >= 1) {
      Long delay = parseSigned(t.get(1));
      if (delay == null) {
        return say("CLIENT_ERROR invalid exptime argument");
      }
      long now = System.currentTimeMillis();
      long at = delay > 0 ? ProxyItem.expiresAt(delay, now) : now;
      delayMillis = Math.max(0, at - now);
    }
    if (delayMillis == 0) {
      flushNow();
    } else {
      timer.schedule(this::flushLogged, delayMillis, TimeUnit.MILLISECONDS);
    }
    return reply("OK", noreply);
  }

  private void flushNow() {
    List<String> found = new ArrayList<>();
    store.forEachKey(keys.prefix(), found::add);
    for (List<String> chunk : ClusterStore.chunks(found)) {
      store.deleteAll(chunk);
    }
  }

  private void flushLogged() {
    try {
      flushNow();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "mcjcache proxy: a delayed flush_all failed", e);
    }
  }

  /**
   * {@code stats} and the groups memcached has: {@code settings} (the proxy's own), {@code reset} (the
   * proxy's counters), and {@code items}, {@code slabs}, {@code sizes}, {@code conns}, {@code detail dump}
   * empty (slabs and items are each server's; ask the servers); an unknown group is {@code ERROR}.
   */
  private Answer stats(ByteBufAllocator alloc, List<String> t) {
    if (t.size() == 1) {
      return Answer.send(stats.render(alloc));
    }
    String group = t.get(1);
    if (t.size() == 2) {
      switch (group) {
        case "settings":
          return Answer.send(stats.renderSettings(alloc));
        case "reset":
          stats.reset();
          return say("RESET");
        case "items", "slabs", "sizes", "conns":
          return say("END");
        case "detail":
          return say("CLIENT_ERROR usage: stats detail on|off|dump");
        default:
          return say("ERROR");
      }
    }
    if (group.equals("detail") && t.size() == 3) {
      return switch (t.get(2)) {
        case "dump" -> say("END");
        case "on", "off" -> say("OK");
        default -> say("CLIENT_ERROR usage: stats detail on|off|dump");
      };
    }
    return say("ERROR");
  }

  /** Whether the command in {@code t} asked for no reply (memcached's rule: its last token is noreply). */
  static boolean silenced(List<String> t) {
    return t.size() > 1 && NOREPLY_COMMANDS.contains(t.get(0)) && t.get(t.size() - 1).equals("noreply");
  }

  // ---------------------------------------------------------------- parsing helpers

  private static boolean noreply(List<String> t, int index) {
    return t.size() > index && t.get(index).equals("noreply");
  }

  /** Decimal digits up to {@code max}, else -1 (memcached's {@code safe_strtoul} refuses a sign). */
  static long parseUnsigned(String token, long max) {
    if (token.isEmpty() || token.length() > 19) {
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
    return value > max ? -1 : value;
  }

  /** A signed 32-bit decimal (memcached's {@code safe_strtol}), else {@code null}. */
  static Long parseSigned(String token) {
    try {
      return (long) Integer.parseInt(token);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** An unsigned 64-bit decimal as a long's bits, else -1 (ambiguous with 2^64-1, which callers check). */
  static long parseU64(String token) {
    if (token.isEmpty() || token.length() > 20) {
      return -1;
    }
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
    }
    try {
      return Long.parseUnsignedLong(token);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

}
