package io.mcjcache.proxy;

import static io.mcjcache.proxy.Answer.NONE;
import static io.mcjcache.proxy.Answer.say;

import io.mcjcache.cluster.ClusterStore;
import io.mcjcache.cluster.Decision;
import java.util.List;

/**
 * {@code md <key> <flags>*}: a removal on the key's owner ({@link ClusterStore#update}), the partner brought
 * to the result; with {@code C} only when the item's CAS matches. Answers {@code HD} (left out under
 * {@code q}), {@code NF} or {@code EX}, echoing {@code O} and {@code k}. {@code T} without {@code I} does
 * nothing, as in memcached.
 *
 * <p>Through {@code update} rather than {@link ClusterStore#delete}, so that the answer is memcached's: the
 * owner's read tells a live item from an expired one or from the short-lived tombstone an earlier atomic
 * removal left (which {@code delete} would count as a copy found), and {@code NF} is answered for both.
 *
 * <p>{@code I} (mark stale instead of deleting) is refused with memcached's answer to a bad {@code md} flag:
 * the stale mark lives in memcached's item header, which the proxy's item cannot carry (docs/proxy.md).
 */
final class MetaDelete {
  private static final String BAD_FLAG = "CLIENT_ERROR invalid or duplicate flag";
  private static final String REFUSED = "I";

  private final ClusterStore store;
  private final ProxyKeys keys;

  MetaDelete(ClusterStore store, ProxyKeys keys) {
    this.store = store;
    this.keys = keys;
  }

  Answer execute(List<String> t) {
    String refused = MetaCommands.precheck(t, "CLIENT_ERROR options flags too long");
    if (refused != null) {
      return say(refused);
    }
    MetaFlags flags = MetaFlags.parse(t, 2, REFUSED);
    if (flags.error() != null) {
      return say(BAD_FLAG); // md answers every flag error with this one line
    }
    if (flags.opaqueTooLong()) {
      return say(MetaFlags.OPAQUE_TOO_LONG);
    }
    String key = keys.storeKey(flags.key());
    if (key == null) {
      return say(TextCommands.BAD_FORMAT);
    }
    Long cas = flags.cas();
    String code = store.update(key, current -> {
      ProxyItem old = ProxyItem.live(current, System.currentTimeMillis());
      if (old == null) {
        // an expired item is not found, and goes now rather than at its backstop
        return current == null ? Decision.keep("NF") : Decision.remove("NF");
      }
      return cas == null || old.stamp() == cas ? Decision.remove("HD") : Decision.keep("EX");
    });
    if (flags.quiet() && code.equals("HD")) {
      return NONE;
    }
    return say(MetaCommands.echo(new StringBuilder(code), flags).toString());
  }
}
