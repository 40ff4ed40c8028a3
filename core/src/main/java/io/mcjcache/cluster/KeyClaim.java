package io.mcjcache.cluster;

/**
 * One caller's turn at a key for a read-modify-write (README guarantee 7: atomic updates complete
 * however contended the key is). While a caller holds it, no other caller of the same store works on the
 * key: they queue, first come first served. Callers in other processes are not queued; when they keep
 * winning the compare-and-swap, {@link #contended()} takes a short lease on the key's owner node that
 * every client's atomic update waits for, so the loser's next attempt runs alone.
 *
 * <p>Claims are re-entrant: an {@link ClusterStore#update} inside a claim of the same key shares it (and
 * its lease). Close each claim once, on the thread that took it.
 */
public interface KeyClaim extends AutoCloseable {

  /**
   * An attempt on the key lost to another client's change: pauses briefly after the first loss, and from
   * the second on holds (or waits for) the lease on the owner node, so the next attempt is not raced.
   */
  void contended();

  /** Ends the turn: the next queued caller goes on, and a lease taken is given back. */
  @Override
  void close();
}
