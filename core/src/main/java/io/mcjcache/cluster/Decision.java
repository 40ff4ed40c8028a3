package io.mcjcache.cluster;

import java.util.Objects;

/**
 * What {@link Mutation} wants done with a key, and the result to hand back to the caller once it has
 * been applied atomically.
 */
public final class Decision<R> {
  /** The three things an atomic update may do. */
  public enum Action { KEEP, WRITE, REMOVE }

  private final Action action;
  private final byte[] value;
  private final int exptime;
  private final R result;

  private Decision(Action action, byte[] value, int exptime, R result) {
    this.action = action;
    this.value = value;
    this.exptime = exptime;
    this.result = result;
  }

  /** Leave the key as it is. */
  public static <R> Decision<R> keep(R result) {
    return new Decision<>(Action.KEEP, null, 0, result);
  }

  /** Store {@code value} (replacing the current value, or creating the key). */
  public static <R> Decision<R> write(byte[] value, int exptime, R result) {
    Objects.requireNonNull(value, "value");
    if (value.length == 0) {
      throw new IllegalArgumentException("empty values are reserved for the store's tombstones");
    }
    return new Decision<>(Action.WRITE, value, exptime, result);
  }

  /** Remove the key, but only if it still holds the value the mutation saw. */
  public static <R> Decision<R> remove(R result) {
    return new Decision<>(Action.REMOVE, null, 0, result);
  }

  public Action action() {
    return action;
  }

  /** The value to write; only for {@link Action#WRITE}. */
  public byte[] value() {
    return value;
  }

  public int exptime() {
    return exptime;
  }

  public R result() {
    return result;
  }
}
