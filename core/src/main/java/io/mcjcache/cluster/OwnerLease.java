package io.mcjcache.cluster;

import io.mcjcache.routing.NodeList;
import io.mcjcache.transport.NodeFailureException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * A short lease on a key, held on the key's owner node, that makes contenders in different processes
 * take turns (README guarantee 7). It is an item added with {@code add} under a key of its own; only
 * one client's {@code add} succeeds, and every atomic update of the key, before its compare-and-swap,
 * looks for a lease it does not hold and waits for it to end. The lease only decides who goes first:
 * correctness still comes from compare-and-swap, so a lease that expires early, or one lost with its node,
 * costs a retry, never a wrong value.
 *
 * <p>A holder that dies leaves its lease to expire: its time to live is a little above what the holder
 * needs (four op timeouts plus what its attempts took so far, at least {@value #MIN_TTL_SECONDS} s since
 * memcached counts whole seconds). A holder that finishes in time deletes it.
 *
 * <p>Lease keys are {@code <namespace>!lease:<memcached key>} (or a digest of it when that is too long):
 * outside the {@code <namespace>:} prefix, so key listings, iteration, {@code clear()} and the rejoin flush
 * never see them.
 */
final class OwnerLease {
  static final int MIN_TTL_SECONDS = 2;
  static final int MAX_TTL_SECONDS = 30;
  /** Bounds of the pause between tries to take a lease that another client holds. */
  private static final long FIRST_PAUSE_NS = 100_000;
  private static final long MAX_PAUSE_NS = 5_000_000;
  private static final int MAX_KEY_LENGTH = 250;

  private final PlanExecution execution;
  private final String prefix;
  private final long opTimeoutNanos;

  OwnerLease(PlanExecution execution, String namespace, Duration opTimeout) {
    this.execution = execution;
    this.prefix = namespace + "!lease:";
    this.opTimeoutNanos = opTimeout.toNanos();
  }

  /** The memcached key of {@code key}'s lease. */
  String keyOf(String key) {
    String plain = prefix + key;
    return plain.length() <= MAX_KEY_LENGTH ? plain : prefix + "#" + digest(key);
  }

  /**
   * Takes the lease on the key's current owner, waiting while another client holds it. Returns null
   * without a lease when no node is alive or the owner fails: the caller goes on without it (the next
   * attempt plans again under the new view).
   *
   * @param claimStartNanos when the claim began: its attempts so far tell how long the lease must last
   */
  Held take(String key, long claimStartNanos) {
    byte[] keyBytes = RoutedClusterStore.bytes(key);
    String leaseKey = keyOf(key);
    byte[] token = new byte[16];
    ThreadLocalRandom.current().nextBytes(token);
    long pause = FIRST_PAUSE_NS;
    while (true) {
      NodeList holders = execution.router().holders(keyBytes, execution.health().view());
      if (holders.isEmpty()) {
        return null;
      }
      int owner = holders.first();
      int ttl = ttlSeconds(System.nanoTime() - claimStartNanos);
      try {
        boolean taken = execution.transport().add(owner, leaseKey, ttl, token);
        execution.health().observeSuccess(owner);
        if (taken) {
          execution.figures().leases.increment();
          return new Held(owner, leaseKey, System.nanoTime(), ttl);
        }
      } catch (NodeFailureException e) {
        execution.readFailure(owner);
        return null;
      }
      execution.figures().leaseWaits.increment();
      LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(pause / 2, pause));
      pause = Math.min(pause * 2, MAX_PAUSE_NS);
    }
  }

  private int ttlSeconds(long spentNanos) {
    long needed = 4 * opTimeoutNanos + spentNanos;
    long seconds = (needed + 999_999_999L) / 1_000_000_000L + 1;
    return (int) Math.max(MIN_TTL_SECONDS, Math.min(MAX_TTL_SECONDS, seconds));
  }

  private static String digest(String key) {
    try {
      byte[] sha = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(sha);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /** A lease this client holds. */
  final class Held {
    private final int node;
    private final String leaseKey;
    private final long takenNanos;
    private final int ttlSeconds;

    private Held(int node, String leaseKey, long takenNanos, int ttlSeconds) {
      this.node = node;
      this.leaseKey = leaseKey;
      this.takenNanos = takenNanos;
      this.ttlSeconds = ttlSeconds;
    }

    /**
     * Gives the lease back, unless it may have expired already and been taken by another client (memcached
     * has no delete-if-equal in the text protocol): then it is left to expire. Not awaited: requests to one
     * node keep their order, so this client's next update of the key cannot overtake it.
     */
    void release() {
      long heldNanos = System.nanoTime() - takenNanos;
      if (heldNanos < (ttlSeconds - 1) * 1_000_000_000L) {
        execution.transport().deleteAsync(node, leaseKey).exceptionally(failure -> false);
      }
    }
  }
}
