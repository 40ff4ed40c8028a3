package io.mcjcache.codec;

/**
 * The memcached {@code exptime} used as a coarse backstop behind JCache's exact, millisecond expiry
 * (which is checked on every read against the envelope). It must never make memcached drop an entry
 * before JCache would, so it always rounds up, with margins:
 *
 * <ul>
 *   <li>Relative form (up to 30 days): memcached adds the seconds to its own clock, which ticks once a
 *       second and lags real time by up to about two seconds, so {@value #RELATIVE_MARGIN_SECONDS}
 *       seconds are added to the rounded-up remaining time.
 *   <li>Absolute form: memcached reads any exptime above 30 days ({@value #RELATIVE_LIMIT_SECONDS} s) as
 *       a unix time, which depends on the server's clock agreeing with ours; {@value
 *       #ABSOLUTE_MARGIN_SECONDS} seconds of allowance for clock skew cost nothing at that scale.
 *   <li>0 (never) for eternal entries and for expiry times a 32-bit unix time cannot express.
 *   <li>-1 for an entry already expired, which memcached treats as expired on arrival.
 * </ul>
 */
final class MemcachedExptime {

  static final int NEVER = 0;
  static final int ALREADY_EXPIRED = -1;
  static final int RELATIVE_LIMIT_SECONDS = 60 * 60 * 24 * 30;
  static final int RELATIVE_MARGIN_SECONDS = 2;
  static final int ABSOLUTE_MARGIN_SECONDS = 60 * 60;

  private MemcachedExptime() {}

  static int forExpiry(long expiresAtMillis, long nowMillis) {
    if (expiresAtMillis == ValueEnvelope.ETERNAL) {
      return NEVER;
    }
    long remainingMillis = expiresAtMillis - nowMillis;
    if (remainingMillis <= 0) {
      return ALREADY_EXPIRED;
    }
    long relativeSeconds = Math.floorDiv(remainingMillis + 999, 1000) + RELATIVE_MARGIN_SECONDS;
    if (relativeSeconds <= RELATIVE_LIMIT_SECONDS) {
      return (int) relativeSeconds;
    }
    long absoluteSeconds = Math.floorDiv(expiresAtMillis, 1000) + 1 + ABSOLUTE_MARGIN_SECONDS;
    return absoluteSeconds <= Integer.MAX_VALUE ? (int) absoluteSeconds : NEVER;
  }
}
