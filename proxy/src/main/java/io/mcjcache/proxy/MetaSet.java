package io.mcjcache.proxy;

import static io.mcjcache.proxy.Answer.NONE;
import static io.mcjcache.proxy.Answer.say;

import io.mcjcache.cluster.ClusterStore;
import io.mcjcache.cluster.Decision;
import java.util.List;

/**
 * {@code ms <key> <datalen> <flags>*} and its data block, as memcached 1.6.18 stores: {@code M} picks set
 * ({@code S}, the default), add ({@code E}), replace ({@code R}), append ({@code A}) or prepend ({@code P});
 * {@code C} turns set and replace into a CAS store and guards append and prepend; {@code F} and {@code T}
 * give the new item's flags and TTL (append and prepend keep the old item's). A plain set is
 * {@link ClusterStore#put} on both copies, as {@code set}; everything that reads first is one
 * {@link ClusterStore#update} on the owner. Answers {@code HD} (left out under {@code q}), {@code NS},
 * {@code EX} or {@code NF}, with {@code O}, {@code k} and {@code c} echoed in request order ({@code c} is
 * the stored item's CAS, 0 when nothing was stored).
 *
 * <p>{@code I} (store over a newer CAS and mark the item stale) is refused with memcached's answer to an
 * unknown flag: the proxy's CAS is a random stamp, so "older" has no meaning, and the stale mark lives in
 * memcached's item header, which the proxy's item cannot carry.
 *
 * <p>Whenever the data length was readable the decoder has already consumed the data block, so a refused
 * line never leaves its data to be read as a command (docs/proxy.md, "Errors").
 */
final class MetaSet {
  private static final String REFUSED = "I";

  private final ClusterStore store;
  private final ProxyKeys keys;
  private final ProxyFigures figures;

  MetaSet(ClusterStore store, ProxyKeys keys, ProxyFigures figures) {
    this.store = store;
    this.keys = keys;
    this.figures = figures;
  }

  /** The answer code and the CAS of what was stored (0 when nothing was). */
  private record Stored(String code, long cas) {
    static final Stored NS = new Stored("NS", 0);
    static final Stored EX = new Stored("EX", 0);
    static final Stored NF = new Stored("NF", 0);
  }

  Answer execute(Request request) {
    List<String> t = request.tokens();
    String refused = MetaCommands.precheck(t, "CLIENT_ERROR options flags too long");
    if (refused != null) {
      return say(refused);
    }
    if (t.size() == 2) {
      return say(TextCommands.BAD_FORMAT); // a key but no data length
    }
    if (request.data() == null && !request.tooLarge()) {
      return say(TextCommands.BAD_FORMAT); // the data length was unreadable: the decoder framed no block
    }
    MetaFlags flags = MetaFlags.parse(t, 3, REFUSED);
    if (flags.error() != null) {
      return say(flags.error());
    }
    if ("ESARP".indexOf(flags.mode()) < 0 && flags.mode() != 0) {
      return say("CLIENT_ERROR invalid mode for ms M token");
    }
    if (flags.opaqueTooLong()) {
      return say(MetaFlags.OPAQUE_TOO_LONG);
    }
    String key = keys.storeKey(flags.key());
    if (key == null) {
      return say(TextCommands.BAD_FORMAT);
    }
    if (request.tooLarge() || !MetaCommands.fits(store, key, request.data().length)) {
      store.delete(key); // as memcached, in every mode: a failed store leaves no stale value behind
      return say(TextCommands.TOO_LARGE);
    }
    figures.storage.increment();
    Stored stored = store(key, flags, request.data());
    if (flags.quiet() && stored.code().equals("HD")) {
      return NONE;
    }
    StringBuilder line = new StringBuilder(stored.code());
    for (String token : flags.tokens()) {
      if (token.charAt(0) == 'c') {
        line.append(" c").append(stored.cas());
      } else {
        MetaCommands.echo(line, flags, token);
      }
    }
    return say(line.toString());
  }

  private Stored store(String key, MetaFlags flags, byte[] data) {
    long now = System.currentTimeMillis();
    long expiresAt = ProxyItem.expiresAt(flags.ttl() == null ? 0 : flags.ttl(), now);
    ProxyItem item = ProxyItem.written(flags.clientFlags(), expiresAt, data);
    int backstop = ProxyItem.memcachedExptime(expiresAt, now);
    Stored done = new Stored("HD", item.stamp());
    Decision<Stored> write = backstop < 0 ? Decision.remove(done) : Decision.write(item.encode(), backstop, done);
    Long cas = flags.cas();
    switch (flags.mode()) {
      case 'E': // add: C plays no part, as in memcached
        return store.update(key, current -> live(current) != null ? Decision.keep(Stored.NS) : write);
      case 'A':
      case 'P':
        return store.update(key, current -> join(key, current, data, flags.mode() == 'A', cas));
      case 'R':
        if (cas == null) {
          return store.update(key, current -> live(current) == null ? Decision.keep(Stored.NS) : write);
        }
        return store.update(key, current -> compareAndStore(current, cas, write));
      default: // S or none: set, or with C a CAS store
        if (cas != null) {
          return store.update(key, current -> compareAndStore(current, cas, write));
        }
        if (backstop < 0) {
          store.delete(key); // an exptime in the past: nothing to keep, as set does
        } else {
          store.put(key, item.encode(), backstop);
        }
        return done;
    }
  }

  /** memcached's CAS store: {@code NF} without an item, {@code EX} when its CAS is another (C0 included). */
  private static Decision<Stored> compareAndStore(byte[] current, long cas, Decision<Stored> write) {
    ProxyItem old = live(current);
    if (old == null) {
      return Decision.keep(Stored.NF);
    }
    return old.stamp() == cas ? write : Decision.keep(Stored.EX);
  }

  /**
   * Append or prepend: {@code NS} without an item; with a C other than 0, {@code EX} unless it matches (C0
   * is no comparison, as in memcached); {@code NS} when the joined item would not fit (memcached cannot
   * allocate it). The item keeps its flags and expiry.
   */
  private Decision<Stored> join(String key, byte[] current, byte[] data, boolean append, Long cas) {
    long now = System.currentTimeMillis();
    ProxyItem old = ProxyItem.live(current, now);
    if (old == null) {
      return Decision.keep(Stored.NS);
    }
    if (cas != null && cas != 0 && old.stamp() != cas) {
      return Decision.keep(Stored.EX);
    }
    ProxyItem item = old.joined(data, append);
    if (!MetaCommands.fits(store, key, item.data().length)) {
      return Decision.keep(Stored.NS);
    }
    return Decision.write(item.encode(), Math.max(0, ProxyItem.memcachedExptime(old.expiresAtMillis(), now)),
        new Stored("HD", item.stamp()));
  }

  private static ProxyItem live(byte[] current) {
    return ProxyItem.live(current, System.currentTimeMillis());
  }
}
