package io.mcjcache.proxy;

import java.util.List;

/**
 * The expiries an item passes through while memcached walks a meta command's flags: it applies {@code T}
 * (and, for an item {@code ma} has just created, {@code N}) where the flag stands, so a {@code t} before
 * {@code T} reports the old TTL and one after it the new. The proxy writes the item once, with the expiry
 * at the end of the walk ({@link #last}), and renders each {@code t} from the expiry at its place
 * ({@link #at}).
 *
 * @param start the expiry before any flag (epoch ms, {@link ProxyItem#NEVER} for none)
 * @param touched the expiry {@code T} sets, or {@code null} without {@code T}
 * @param vivified the expiry {@code N} sets on a created item, or {@code null}
 */
record MetaExpiry(long start, Long touched, Long vivified) {

  /** The expiry once the flags before index {@code end} of {@code flags} have been applied. */
  long at(List<String> flags, int end) {
    long expiry = start;
    for (int i = 0; i < end; i++) {
      char letter = flags.get(i).charAt(0);
      if (letter == 'T' && touched != null) {
        expiry = touched;
      } else if (letter == 'N' && vivified != null) {
        expiry = vivified;
      }
    }
    return expiry;
  }

  /** The expiry after every flag: the one to store. */
  long last(List<String> flags) {
    return at(flags, flags.size());
  }

  /**
   * A {@code t} token's value: -1 for no expiry, else the seconds left, rounded up as memcached's clock
   * (whole seconds) shows them; 0 for an expiry already past (memcached prints an unsigned wrap there).
   */
  static long remainingSeconds(long expiresAtMillis, long nowMillis) {
    if (expiresAtMillis == ProxyItem.NEVER) {
      return -1;
    }
    return Math.max(0, Math.floorDiv(expiresAtMillis - nowMillis + 999, 1000));
  }
}
