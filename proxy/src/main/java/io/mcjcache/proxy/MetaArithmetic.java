package io.mcjcache.proxy;

import static io.mcjcache.proxy.Answer.NONE;
import static io.mcjcache.proxy.Answer.say;

import io.mcjcache.cluster.ClusterStore;
import io.mcjcache.cluster.Decision;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code ma <key> <flags>*}: incr or decr ({@code M} {@code I}/{@code +}/{@code D}/{@code -}) by {@code D}
 * (default 1) as one {@link ClusterStore#update} on the key's owner, the partner brought to the result.
 * Unsigned 64-bit: incr wraps, decr stops at 0. {@code C} guards it (C0 is no comparison, as in memcached);
 * {@code N} creates a missing item holding {@code J} (default 0) with {@code N}'s TTL, and the answer is
 * that initial value; {@code T} sets the TTL. Answers {@code HD}, or {@code VA} with the number under
 * {@code v} (both left out under {@code q} when an item was changed, not when {@code N} created one: as
 * memcached 1.6.18 does), {@code NF}, {@code EX}, echoing {@code O}, {@code k}, {@code c} (the new CAS) and
 * {@code t} in request order.
 *
 * <p>The number is read as memcached reads it ({@code strtoull}: leading white space and trailing white
 * space allowed); anything else is {@code CLIENT_ERROR cannot increment or decrement non-numeric value}.
 * The new number is stored without memcached's in-place space padding, as {@code incr} stores it
 * (docs/proxy.md).
 */
final class MetaArithmetic {
  private static final String BAD_FLAG = "CLIENT_ERROR invalid or duplicate flag";
  static final String NON_NUMERIC = "CLIENT_ERROR cannot increment or decrement non-numeric value";

  private final ClusterStore store;
  private final ProxyKeys keys;

  MetaArithmetic(ClusterStore store, ProxyKeys keys) {
    this.store = store;
    this.keys = keys;
  }

  /**
   * What the update did: an answer code ({@code null} for a number), the item it left (for {@code c} and the
   * value) and the expiries {@code t} walks through.
   */
  private record Outcome(String code, ProxyItem item, String number, MetaExpiry expiry, boolean created) {
    static Outcome of(String code) {
      return new Outcome(code, null, null, null, false);
    }
  }

  Answer execute(ByteBufAllocator alloc, List<String> t) {
    String refused = MetaCommands.precheck(t, "CLIENT_ERROR options flags too long");
    if (refused != null) {
      return say(refused);
    }
    MetaFlags flags = MetaFlags.parse(t, 2, "");
    if (flags.error() != null) {
      return say(BAD_FLAG); // ma answers every flag error with this one line
    }
    boolean incr;
    switch (flags.mode()) {
      case 0, 'I', '+' -> incr = true;
      case 'D', '-' -> incr = false;
      default -> {
        return say("CLIENT_ERROR invalid mode for ma M token");
      }
    }
    String key = keys.storeKey(flags.key());
    if (key == null) {
      return say(TextCommands.BAD_FORMAT);
    }
    if (flags.opaqueTooLong()) {
      return say(MetaFlags.OPAQUE_TOO_LONG); // refused before anything is done (memcached does it first)
    }
    Outcome outcome = store.update(key, current -> decide(current, flags, incr));
    if (outcome.code() != null) {
      return outcome.code().equals(NON_NUMERIC) ? say(NON_NUMERIC)
          : say(MetaCommands.echo(new StringBuilder(outcome.code()), flags).toString());
    }
    if (flags.quiet() && !outcome.created()) {
      return NONE; // memcached 1.6.18 leaves out a change, not a creation
    }
    StringBuilder line = new StringBuilder(flags.value() ? "VA " + outcome.number().length() : "HD");
    long now = System.currentTimeMillis();
    List<String> tokens = flags.tokens();
    for (int i = 0; i < tokens.size(); i++) {
      switch (tokens.get(i).charAt(0)) {
        case 'c' -> line.append(" c").append(outcome.item().stamp());
        case 't' -> line.append(" t").append(MetaExpiry.remainingSeconds(outcome.expiry().at(tokens, i), now));
        default -> MetaCommands.echo(line, flags, tokens.get(i));
      }
    }
    return flags.value()
        ? MetaCommands.withData(alloc, line, outcome.number().getBytes(StandardCharsets.US_ASCII))
        : say(line.toString());
  }

  private static Decision<Outcome> decide(byte[] current, MetaFlags flags, boolean incr) {
    long now = System.currentTimeMillis();
    Long touched = flags.ttl() == null ? null : ProxyItem.expiresAt(flags.ttl(), now);
    ProxyItem old = ProxyItem.live(current, now);
    if (old == null) {
      if (flags.vivify() == null) {
        return Decision.keep(Outcome.of("NF"));
      }
      // memcached creates the item with no TTL and flags 0, then applies N and T as it walks the flags
      MetaExpiry expiry = new MetaExpiry(ProxyItem.NEVER, touched, ProxyItem.expiresAt(flags.vivify(), now));
      String number = Long.toUnsignedString(flags.initial());
      ProxyItem item = ProxyItem.written(0, expiry.last(flags.tokens()), number.getBytes(StandardCharsets.US_ASCII));
      return write(item, new Outcome(null, item, number, expiry, true), now);
    }
    if (old.data().length == 0) {
      return Decision.keep(Outcome.of(NON_NUMERIC)); // memcached checks this before the CAS
    }
    Long cas = flags.cas();
    if (cas != null && cas != 0 && old.stamp() != cas) {
      return Decision.keep(Outcome.of("EX"));
    }
    Long value = number(old.data());
    if (value == null) {
      return Decision.keep(Outcome.of(NON_NUMERIC));
    }
    long delta = flags.delta();
    long result = incr ? value + delta : (Long.compareUnsigned(value, delta) < 0 ? 0 : value - delta);
    String number = Long.toUnsignedString(result);
    MetaExpiry expiry = new MetaExpiry(old.expiresAtMillis(), touched, null);
    ProxyItem item = old.withData(number.getBytes(StandardCharsets.US_ASCII)).withExpiry(expiry.last(flags.tokens()));
    return write(item, new Outcome(null, item, number, expiry, false), now);
  }

  /** Writes {@code item}, or removes the key when its expiry is already past (a {@code T} in the past). */
  private static Decision<Outcome> write(ProxyItem item, Outcome outcome, long now) {
    int backstop = ProxyItem.memcachedExptime(item.expiresAtMillis(), now);
    return backstop < 0 ? Decision.remove(outcome) : Decision.write(item.encode(), backstop, outcome);
  }

  /**
   * The item's number as memcached's {@code safe_strtoull} reads it from the stored bytes, which are
   * followed by {@code \r\n} in memcached's memory (so trailing white space, and nothing else, may follow the
   * digits); {@code null} when it is not one.
   */
  static Long number(byte[] data) {
    return MetaNumbers.strtoull(new String(data, StandardCharsets.ISO_8859_1) + "\r\n");
  }
}
