package io.mcjcache.expiry;

import java.io.Closeable;
import java.io.IOException;
import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.cache.expiry.Duration;
import javax.cache.expiry.EternalExpiryPolicy;
import javax.cache.expiry.ExpiryPolicy;

/**
 * One cache's {@link ExpiryPolicy} asked the three questions of the spec (created, updated, accessed)
 * and answered in absolute epoch milliseconds, so that the envelope can be exact to the millisecond
 * whatever memcached's one-second clock does.
 *
 * <p>A policy that throws is not allowed to break the operation (the spec's reference implementation
 * behaves the same): a new entry then lives forever, an existing one keeps its expiry time.
 */
public final class ExpiryTimes implements AutoCloseable {
  /** The expiry time of an entry that never expires; equal to the envelope's. */
  public static final long ETERNAL = Long.MAX_VALUE;
  /** "Leave the expiry time as it is": the policy returned null or failed for an update or access. */
  public static final long UNCHANGED = Long.MIN_VALUE;

  private static final Logger LOG = Logger.getLogger(ExpiryTimes.class.getName());

  private final ExpiryPolicy policy;

  public ExpiryTimes(ExpiryPolicy policy) {
    this.policy = Objects.requireNonNull(policy, "expiry policy");
  }

  /**
   * True when every entry lives forever and neither updates nor reads change that, so writes need not
   * read the previous entry to know its expiry time.
   */
  public boolean isEternal() {
    return policy instanceof EternalExpiryPolicy;
  }

  /** When an entry created at {@code now} expires; at or before {@code now} means it is never stored. */
  public long forCreation(long now) {
    try {
      Duration duration = policy.getExpiryForCreation();
      return duration == null ? ETERNAL : toExpiryTime(duration, now);
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "expiry policy failed for a creation; the entry does not expire", e);
      return ETERNAL;
    }
  }

  /** The expiry time after an update at {@code now}, or {@link #UNCHANGED}. */
  public long forUpdate(long now) {
    try {
      Duration duration = policy.getExpiryForUpdate();
      return duration == null ? UNCHANGED : toExpiryTime(duration, now);
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "expiry policy failed for an update; the expiry time is kept", e);
      return UNCHANGED;
    }
  }

  /** The expiry time after a read at {@code now}, or {@link #UNCHANGED}. */
  public long forAccess(long now) {
    try {
      Duration duration = policy.getExpiryForAccess();
      return duration == null ? UNCHANGED : toExpiryTime(duration, now);
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "expiry policy failed for an access; the expiry time is kept", e);
      return UNCHANGED;
    }
  }

  /** {@code next} unless it is {@link #UNCHANGED}, then {@code current}. */
  public static long orCurrent(long next, long current) {
    return next == UNCHANGED ? current : next;
  }

  /** Closes the policy when it holds resources ({@link Closeable}), as the spec asks on cache close. */
  @Override
  public void close() {
    if (policy instanceof Closeable closeable) {
      try {
        closeable.close();
      } catch (IOException | RuntimeException e) {
        LOG.log(Level.WARNING, "closing the expiry policy " + policy.getClass().getName() + " failed", e);
      }
    }
  }

  private static long toExpiryTime(Duration duration, long now) {
    if (duration.isEternal()) {
      return ETERNAL;
    }
    if (duration.isZero()) {
      return now;
    }
    long millis = duration.getTimeUnit().toMillis(duration.getDurationAmount());
    long expiry = now + millis;
    return expiry < now ? ETERNAL : expiry;
  }
}
