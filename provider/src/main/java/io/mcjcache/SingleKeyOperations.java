package io.mcjcache;

import io.mcjcache.EntryCodec.StoreKey;
import io.mcjcache.EntryCodec.StoredEntry;
import io.mcjcache.EntryDecisions.Outcome;
import io.mcjcache.cluster.ClusterStore;
import io.mcjcache.cluster.Decision;
import io.mcjcache.cluster.StoreItem;
import io.mcjcache.codec.PreparedItem;
import io.mcjcache.codec.ValueEnvelope;
import io.mcjcache.event.EventDispatcher;
import io.mcjcache.expiry.ExpiryTimes;
import java.util.Arrays;
import java.util.function.BiFunction;
import java.util.function.Function;
import javax.cache.event.EventType;

/**
 * What the cache does on the servers for one key: reads it, applies an {@link EntryDecisions} decision as one
 * atomic step on the key's owner node ({@link ClusterStore#update}), and the conditional follow-ups of a
 * read (an access-expiry update, the removal of an expired entry) that must not undo a write made in
 * between (docs/design.md, "Atomic read-modify-write").
 */
final class SingleKeyOperations<K, V> {
  private final ClusterStore store;
  private final EntryCodec codec;
  private final ExpiryTimes expiry;
  private final EventDispatcher<K, V> events;
  private final EntryDecisions<K, V> decisions;

  SingleKeyOperations(CacheParts<K, V> parts, EntryDecisions<K, V> decisions) {
    this.store = parts.store();
    this.codec = parts.codec();
    this.expiry = parts.expiry();
    this.events = parts.events();
    this.decisions = decisions;
  }

  /** What {@code storeKey} holds now, by a plain read (which a near cache may answer). */
  StoredEntry read(StoreKey storeKey, long now) {
    return codec.read(storeKey, store.get(storeKey.memcachedKey()), now);
  }

  /**
   * One atomic step on {@code storeKey}: {@code planner} sees the live envelope (or null) and an expired
   * one (or null), and decides; after the store applied the decision, its listener notice runs.
   */
  <R> R mutate(StoreKey storeKey, BiFunction<ValueEnvelope, ValueEnvelope, Decision<Outcome<R>>> planner) {
    return mutateEntry(storeKey, current -> planner.apply(current.live(), current.expired()));
  }

  private <R> R mutateEntry(StoreKey storeKey, Function<StoredEntry, Decision<Outcome<R>>> planner) {
    long now = System.currentTimeMillis();
    Outcome<R> outcome = store.update(storeKey.memcachedKey(), current -> planner.apply(codec.read(storeKey,
        current, now)));
    EntryDecisions.run(outcome.afterwards());
    return outcome.result();
  }

  /** After a read hit: applies the access expiry if the policy changes it, unless the item changed meanwhile. */
  void touch(StoredEntry seen, long now) {
    long expiresAt = expiry.forAccess(now);
    if (expiresAt == ExpiryTimes.UNCHANGED || expiresAt == seen.live().expiresAtMillis()) {
      return;
    }
    store.update(seen.key().memcachedKey(), current -> {
      if (!Arrays.equals(current, seen.item())) {
        return Decision.keep(null);
      }
      if (expiresAt <= now) {
        return Decision.remove(null);
      }
      StoreItem item = codec.item(seen.live(), expiresAt, now);
      return Decision.write(item.value(), item.exptime(), null);
    });
  }

  /** An expired entry found by a read: removed (unless rewritten meanwhile) and published as expired. */
  void expired(K key, StoredEntry seen) {
    if (!events.hasListenersFor(EventType.EXPIRED)) {
      return; // memcached's own backstop expiry will drop it.
    }
    boolean removed = store.update(seen.key().memcachedKey(),
        current -> Arrays.equals(current, seen.item()) ? Decision.remove(true) : Decision.keep(false));
    if (removed) {
      decisions.publishExpired(key, seen.expired());
    }
  }

  /** Stores a value the loader produced: no writer call, no put statistic, created or updated event. */
  void storeLoaded(StoreKey storeKey, K key, V value, boolean replaceExisting, long now) {
    PreparedItem prepared = codec.prepare(storeKey, value);
    mutateEntry(storeKey,
        current -> decisions.storeUnlessLive(key, value, prepared, current, replaceExisting, now));
  }
}
