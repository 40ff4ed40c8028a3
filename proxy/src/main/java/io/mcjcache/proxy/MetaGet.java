package io.mcjcache.proxy;

import static io.mcjcache.proxy.Answer.NONE;
import static io.mcjcache.proxy.Answer.say;

import io.mcjcache.cluster.ClusterStore;
import io.netty.buffer.ByteBufAllocator;
import java.util.List;

/**
 * {@code mg <key> <flags>*}: a read through {@link ClusterStore#get}, or with {@code T} a touch on the key's
 * owner ({@link ClusterStore#update}) that hands back the item, so the new TTL reaches both copies as with
 * {@code gat}. Answers {@code VA <size> <flags>} with the value ({@code v}), {@code HD <flags>}, or
 * {@code EN} on a miss ({@code q} leaves {@code EN} out; memcached 1.6.18 still sends {@code HD} and
 * {@code VA}).
 *
 * <p>Refused, with memcached's answer to an unknown flag: {@code h} and {@code l} (hit before, last access:
 * the servers keep them per copy and the store does not hand them out), {@code N} and {@code R} (their win
 * token lives in memcached's item header, which the proxy's item cannot carry; docs/proxy.md).
 */
final class MetaGet {
  private static final String REFUSED = "hlNR";

  private final ClusterStore store;
  private final ProxyKeys keys;
  private final ProxyFigures figures;

  MetaGet(ClusterStore store, ProxyKeys keys, ProxyFigures figures) {
    this.store = store;
    this.keys = keys;
    this.figures = figures;
  }

  /** The item as it was, and the expiry {@code T} gave it ({@code null} without {@code T}). */
  private record Found(ProxyItem item, Long touched) {}

  Answer execute(ByteBufAllocator alloc, List<String> t) {
    String refused = MetaCommands.precheck(t, "CLIENT_ERROR options flags are too long");
    if (refused != null) {
      return say(refused);
    }
    MetaFlags flags = MetaFlags.parse(t, 2, REFUSED);
    if (flags.error() != null) {
      return say(flags.error());
    }
    String key = keys.storeKey(flags.key());
    if (key == null) {
      return say(TextCommands.BAD_FORMAT);
    }
    if (flags.opaqueTooLong()) {
      return say(MetaFlags.OPAQUE_TOO_LONG);
    }
    figures.getKeys.increment();
    Found found = flags.ttl() == null ? new Found(ProxyItem.live(store.get(key), System.currentTimeMillis()), null)
        : store.update(key, current -> ProxyItem.touch(current, flags.ttl(),
            (old, touched) -> new Found(old, touched.expiresAtMillis())));
    if (found == null || found.item() == null) {
      return flags.quiet() ? NONE : say(MetaCommands.echo(new StringBuilder("EN"), flags).toString());
    }
    figures.getHits.increment();
    ProxyItem item = found.item();
    StringBuilder line = new StringBuilder(flags.value() ? "VA " + item.data().length : "HD");
    MetaExpiry expiry = new MetaExpiry(item.expiresAtMillis(), found.touched(), null);
    long now = System.currentTimeMillis();
    List<String> tokens = flags.tokens();
    for (int i = 0; i < tokens.size(); i++) {
      switch (tokens.get(i).charAt(0)) {
        case 's' -> line.append(" s").append(item.data().length);
        case 't' -> line.append(" t").append(MetaExpiry.remainingSeconds(expiry.at(tokens, i), now));
        case 'c' -> line.append(" c").append(item.stamp());
        case 'f' -> line.append(" f").append(item.flags());
        default -> MetaCommands.echo(line, flags, tokens.get(i));
      }
    }
    return flags.value() ? MetaCommands.withData(alloc, line, item.data()) : say(line.toString());
  }
}
