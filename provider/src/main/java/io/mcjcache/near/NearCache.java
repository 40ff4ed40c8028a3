package io.mcjcache.near;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Policy;
import io.mcjcache.config.NearCacheSettings;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * The table behind one cache's near cache: items as the servers returned them, by memcached key, bounded
 * by {@code maxEntries} (Caffeine's W-TinyLFU keeps the frequently read keys) and by {@code ttlMs}
 * (expire after write: the longest another JVM's write can go unseen here).
 *
 * <p>The hard part is not serving hits but never installing an item older than a write this JVM has
 * completed. A slot in the table is one of three things, and every change of a slot is one atomic
 * Caffeine {@code compute}:
 * <ul>
 *   <li>{@link Held}: an item, served without asking the servers;
 *   <li>{@link Reservation}: a read is fetching the key from the servers. It may install what it fetched
 *       only if its own reservation is still there, so any write or invalidation that happened meanwhile
 *       (each replaces or removes the slot) makes the fetched item go nowhere;
 *   <li>{@link Writing}: local writes to the key are in flight. Reads go to the servers and install
 *       nothing. When the last writer finishes, its result is installed if it was the only writer while
 *       the slot existed (then its result is what the servers hold, as far as this JVM knows); when
 *       writers overlapped, nobody knows which of them the servers applied last, so the slot is dropped.
 * </ul>
 * A slot that is not the one an operation expects (evicted, expired, invalidated, taken by another
 * operation) is dropped rather than trusted: forgetting is always safe, installing needs proof.
 * {@link #invalidateAll()} also moves an epoch forward, so a read or write that began before it cannot
 * install anything after it, even if it races the walk over the table.
 *
 * <p>Refresh ahead: a held item read in the last quarter of its {@code ttlMs} is due for a background
 * refresh ({@link #held(String, DueForRefresh)}), claimed once per held item. The refreshed item replaces
 * the held one only if that very held item is still in the slot ({@link #refreshed}): any write,
 * invalidation or expiry in the meantime replaced or removed it, and the refresh goes nowhere, by the
 * same rule as a read's reservation. So a key read all the time never stalls on its {@code ttlMs} while
 * another JVM's write is still seen within it.
 */
final class NearCache {
  /**
   * One hit in this many (on average, drawn at random) is a read Caffeine's eviction policy records; the
   * others look the slot up without side effects. See {@link #lookUp}. A power of two: drawn with a mask.
   */
  static final int RECORDED_READ_ONE_IN = 16;

  private final Cache<String, Slot> table;
  private final Policy<String, Slot> policy;
  private final ConcurrentMap<String, Slot> slots;
  private final AtomicLong epoch = new AtomicLong();
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder refreshes = new LongAdder();
  private final LongSupplier nanoTime;
  /**
   * Age (ns) from which a held item that is read is refreshed in the background: three quarters of its ttl. A
   * key read at least once per quarter ttl then never waits, and one in constant use is fetched about 1.3
   * times per ttl; at half the ttl it would be twice, for a hit ratio that was only slightly higher at the
   * same throughput on the near cache's benchmark (docs/performance.md, "Near cache"). Later would leave a
   * refresh less time to land before the item expires.
   */
  private final long refreshAfterNanos;

  /**
   * @param nanoTime the clock of ages and expiry ({@code System::nanoTime}; tests move a clock of their own)
   */
  NearCache(NearCacheSettings settings, LongSupplier nanoTime) {
    if (!settings.enabled()) {
      throw new IllegalArgumentException("mcjcache: a near cache needs nearCache.maxEntries > 0, got "
          + settings.maxEntries());
    }
    this.nanoTime = nanoTime;
    this.refreshAfterNanos = TimeUnit.MILLISECONDS.toNanos(settings.ttlMs()) / 4 * 3;
    this.table = Caffeine.newBuilder()
        .maximumSize(settings.maxEntries())
        .expireAfterWrite(Duration.ofMillis(settings.ttlMs()))
        .ticker(nanoTime::getAsLong)
        // Maintenance (eviction, expiry) on the calling threads: no hand-off to a pool on the hot path,
        // and a cache that never grows past its bound between two calls.
        .executor(Runnable::run)
        .build();
    this.slots = table.asMap();
    this.policy = table.policy();
  }

  /**
   * The item held for {@code key}, or null (absent, or a read or write of it is in flight). When the item
   * is in the last quarter of its life and nobody claimed its refresh yet, {@code due} is told first.
   */
  byte[] held(String key, DueForRefresh due) {
    if (lookUp(key) instanceof Held held) {
      hits.increment();
      if (nanoTime.getAsLong() - held.since >= refreshAfterNanos && held.claimRefresh()) {
        due.refresh(key, held);
      }
      return held.item;
    }
    misses.increment();
    return null;
  }

  /**
   * The slot of {@code key}, telling Caffeine's eviction policy of one read in {@link
   * #RECORDED_READ_ONE_IN}.
   *
   * <p>Why not every read: a recorded read is offered to Caffeine's read buffer and later replayed into
   * the frequency sketch and the access-order queues, and that reordering writes links between old nodes,
   * which under G1 is card marking for its refinement threads. On the near cache's benchmark (every get a
   * near hit, 2 threads on 2 cores) the buffer, its replay and the refinement it caused were 43% of all CPU
   * samples, more than the lookup itself. A uniform sample of the reads keeps what W-TinyLFU decides on:
   * a key's frequency relative to the others' (a key read k times is recorded about k/16 times) and
   * the order of the keys in steady use; what it loses is the key read a handful of times, which
   * may go unrecorded and is evicted as if it had not been read, the right choice for a near cache that
   * is there for hot keys. Hit ratios at the benchmark's sizes are in docs/performance.md. Caffeine's
   * own read buffer already drops reads when it is contended; this drops most of them on purpose.
   */
  private Slot lookUp(String key) {
    return (ThreadLocalRandom.current().nextInt() & (RECORDED_READ_ONE_IN - 1)) == 0
        ? table.getIfPresent(key)
        : policy.getIfPresentQuietly(key);
  }

  /**
   * Installs the item a background refresh of {@code refreshed} fetched (null: the key is gone from the
   * servers) if {@code refreshed} is still what the slot holds; otherwise the slot changed since the
   * refresh was claimed (a write, an invalidation, expiry) and the fetched item goes nowhere.
   */
  void refreshed(String key, Held refreshed, byte[] item) {
    slots.computeIfPresent(key, (k, slot) -> {
      if (slot != refreshed) {
        return slot;
      }
      if (item == null || refreshed.epoch != epoch.get()) {
        return null;
      }
      refreshes.increment();
      return new Held(item, refreshed.epoch, nanoTime.getAsLong());
    });
  }

  /**
   * Claims the right to install the item a read is about to fetch; null when the slot is taken (another
   * read or a write is in flight), in which case the read installs nothing.
   */
  Reservation reserve(String key) {
    Reservation reservation = new Reservation(epoch.get());
    return slots.putIfAbsent(key, reservation) == null ? reservation : null;
  }

  /**
   * Installs {@code item} (null: the key was absent) if {@code reservation} still holds the slot and no
   * invalidation happened since; otherwise leaves the slot alone.
   */
  void fill(String key, Reservation reservation, byte[] item) {
    slots.computeIfPresent(key, (k, slot) -> {
      if (slot != reservation) {
        return slot;
      }
      return item != null && reservation.epoch == epoch.get()
          ? new Held(item, reservation.epoch, nanoTime.getAsLong()) : null;
    });
  }

  /** Marks {@code key} as being written; reads stop being served from here until {@link #endWrite}. */
  WriteTicket beginWrite(String key) {
    WriteTicket fresh = new WriteTicket();
    Slot slot = slots.compute(key, (k, current) -> current instanceof Writing writing
        ? new Writing(writing.ticket(), writing.epoch(), writing.writers() + 1, true)
        : new Writing(fresh, epoch.get(), 1, false));
    return ((Writing) slot).ticket();
  }

  /**
   * Ends a write begun with {@code ticket}; {@code result} is the item the servers hold now, as the write
   * left it (null: removed, or unknown because the write failed).
   */
  void endWrite(String key, WriteTicket ticket, byte[] result) {
    slots.computeIfPresent(key, (k, slot) -> {
      if (!(slot instanceof Writing writing) || writing.ticket() != ticket) {
        return null;
      }
      if (writing.writers() > 1) {
        return new Writing(ticket, writing.epoch(), writing.writers() - 1, true);
      }
      boolean alone = !writing.overlapped() && writing.epoch() == epoch.get();
      return alone && result != null ? new Held(result, writing.epoch(), nanoTime.getAsLong()) : null;
    });
  }

  /** Forgets every key: reads and writes in flight install nothing either. */
  void invalidateAll() {
    epoch.incrementAndGet();
    table.invalidateAll();
  }

  /** Reads answered from here so far; cheap enough for the router figures to read on every query. */
  long hits() {
    return hits.sum();
  }

  /**
   * Up to {@code limit} held keys, the ones Caffeine's eviction policy would keep longest first: lets tests
   * see that the sampled reads of {@link #held} still reach the policy.
   */
  List<String> hottest(int limit) {
    table.cleanUp();
    return List.copyOf(policy.eviction().orElseThrow().hottest(limit).keySet());
  }

  /** Hits, misses, refreshes and slots (held items and operations in flight) right now. */
  NearCacheCounts counts() {
    table.cleanUp();
    return new NearCacheCounts(hits.sum(), misses.sum(), refreshes.sum(), table.estimatedSize());
  }

  /** What a slot of the table holds. */
  sealed interface Slot permits Held, Reservation, Writing {}

  /**
   * An item as the servers returned it or a local write left it (never modified), with the epoch and
   * the time it was installed, and whether its background refresh was claimed. Compared by identity.
   */
  static final class Held implements Slot {
    private static final VarHandle REFRESH_CLAIMED;

    static {
      try {
        REFRESH_CLAIMED = MethodHandles.lookup().findVarHandle(Held.class, "refreshClaimed", boolean.class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    private final byte[] item;
    private final long epoch;
    private final long since;
    @SuppressWarnings("unused") // through REFRESH_CLAIMED
    private volatile boolean refreshClaimed;

    private Held(byte[] item, long epoch, long since) {
      this.item = item;
      this.epoch = epoch;
      this.since = since;
    }

    /** True for the one caller that may refresh this item. */
    private boolean claimRefresh() {
      return !refreshClaimed && REFRESH_CLAIMED.compareAndSet(this, false, true);
    }
  }

  /** Told of a held item that is due for a background refresh; called at most once per held item. */
  @FunctionalInterface
  interface DueForRefresh {
    void refresh(String key, Held held);
  }

  /** A read's claim on a slot; compared by identity. */
  static final class Reservation implements Slot {
    private final long epoch;

    private Reservation(long epoch) {
      this.epoch = epoch;
    }
  }

  /** The writers in flight on one key; {@code overlapped} once two of them were in flight at once. */
  private record Writing(WriteTicket ticket, long epoch, int writers, boolean overlapped) implements Slot {}

  /** Names the writers sharing one {@link Writing} slot; compared by identity. */
  static final class WriteTicket {
    private WriteTicket() {}
  }
}
