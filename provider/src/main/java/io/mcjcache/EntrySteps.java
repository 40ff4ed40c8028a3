package io.mcjcache;

import io.mcjcache.EntryCodec.StoreKey;
import io.mcjcache.cluster.ClusterStore;
import io.mcjcache.cluster.Decision;
import io.mcjcache.cluster.StoreItem;
import io.mcjcache.codec.ValueEnvelope;
import io.mcjcache.event.EventDispatcher;
import io.mcjcache.expiry.ExpiryTimes;
import java.util.Arrays;
import java.util.function.BiFunction;
import javax.cache.event.EventType;

/**
 * What one atomic step on one key of a cache decides, given the entry the key's owner node holds: the
 * write (with the expiry policy's answer as the envelope's expiry time), and what to tell listeners once
 * the store has applied it. Steps are pure until applied, because the store's compare-and-swap loop may
 * ask more than once; the listener notice runs once, after the step took effect.
 */
final class EntrySteps<K, V> {
  private final MemcachedCache<K, V> cache;
  private final ClusterStore store;
  private final EntryCodec codec;
  private final ExpiryTimes expiry;
  private final EventDispatcher<K, V> events;

  EntrySteps(MemcachedCache<K, V> cache, ClusterStore store, EntryCodec codec, ExpiryTimes expiry,
      EventDispatcher<K, V> events) {
    this.cache = cache;
    this.store = store;
    this.codec = codec;
    this.expiry = expiry;
    this.events = events;
  }

  /** What an atomic step decided, and what to tell listeners once it has been applied. */
  record Outcome<R>(R result, Runnable afterwards) {}

  /** A result, and whether the step found a live entry (for hit and miss statistics). */
  record Hit<R>(R result, boolean hit) {}

  /**
   * One atomic step on {@code storeKey}: {@code planner} sees the live envelope (or null) and an expired
   * one (or null), and decides; after the store applied the decision, its listener notice runs.
   */
  <R> R mutate(StoreKey storeKey, BiFunction<ValueEnvelope, ValueEnvelope, Decision<Outcome<R>>> planner) {
    long now = System.currentTimeMillis();
    Outcome<R> outcome = store.update(storeKey.memcachedKey(), current -> {
      ValueEnvelope envelope = codec.open(storeKey, current);
      boolean expired = envelope != null && envelope.isExpiredAt(now);
      return planner.apply(expired ? null : envelope, expired ? envelope : null);
    });
    if (outcome.afterwards() != null) {
      outcome.afterwards().run();
    }
    return outcome.result();
  }

  /**
   * Stores {@code value} for {@code key}: created when there is no live entry (creation expiry), updated
   * otherwise (update expiry); an entry whose expiry time has already come is not stored (or removed).
   * The result says whether a value is now in the cache.
   */
  Decision<Outcome<Boolean>> store(StoreKey storeKey, K key, V value, byte[] valueBytes,
      ValueEnvelope live, ValueEnvelope expired, long now, boolean publish) {
    long expiresAt = live == null
        ? expiry.forCreation(now)
        : ExpiryTimes.orCurrent(expiry.forUpdate(now), live.expiresAtMillis());
    Runnable expiredNotice = expiredNotice(key, expired);
    if (expiresAt <= now) {
      // Expired on arrival: the spec does not store it and raises no created event. Remove only what is
      // there: asking the store to remove an absent key would be a needless round trip.
      Outcome<Boolean> notStored = new Outcome<>(false, expiredNotice);
      return live == null && expired == null ? Decision.keep(notStored) : Decision.remove(notStored);
    }
    StoreItem item = codec.item(storeKey, valueBytes, expiresAt, now);
    Runnable notice = !publish ? expiredNotice : live == null
        ? () -> {
          run(expiredNotice);
          events.publishCreated(cache, key, value);
        }
        : () -> events.publishUpdated(cache, key, oldValue(EventType.UPDATED, live), value);
    return Decision.write(item.value(), item.exptime(), new Outcome<>(true, notice));
  }

  /** Removes the live entry (publishing the removal) or an expired one; the result says whether a live one went. */
  Decision<Outcome<Boolean>> removal(K key, ValueEnvelope live, ValueEnvelope expired, boolean publish) {
    if (live == null) {
      return expired == null
          ? Decision.keep(new Outcome<>(false, null))
          : Decision.remove(new Outcome<>(false, expiredNotice(key, expired)));
    }
    Runnable notice = publish ? () -> events.publishRemoved(cache, key, oldValue(EventType.REMOVED, live)) : null;
    return Decision.remove(new Outcome<>(true, notice));
  }

  /** A read of a live entry: asks the policy about the access and applies a changed expiry time. */
  <R> Decision<Outcome<R>> accessed(ValueEnvelope live, long now, R result) {
    long expiresAt = expiry.forAccess(now);
    if (expiresAt == ExpiryTimes.UNCHANGED || expiresAt == live.expiresAtMillis()) {
      return Decision.keep(new Outcome<>(result, null));
    }
    if (expiresAt <= now) {
      return Decision.remove(new Outcome<>(result, null));
    }
    StoreItem item = codec.item(live, expiresAt, now);
    return Decision.write(item.value(), item.exptime(), new Outcome<>(result, null));
  }

  /** After a read hit: applies the access expiry if the policy changes it, unless the item changed meanwhile. */
  void touch(StoreKey storeKey, byte[] seenItem, ValueEnvelope seen, long now) {
    long expiresAt = expiry.forAccess(now);
    if (expiresAt == ExpiryTimes.UNCHANGED || expiresAt == seen.expiresAtMillis()) {
      return;
    }
    store.update(storeKey.memcachedKey(), current -> {
      if (!Arrays.equals(current, seenItem)) {
        return Decision.keep(null);
      }
      if (expiresAt <= now) {
        return Decision.remove(null);
      }
      StoreItem item = codec.item(seen, expiresAt, now);
      return Decision.write(item.value(), item.exptime(), null);
    });
  }

  /** An expired entry found by a read: removed (unless rewritten meanwhile) and published as expired. */
  void expired(StoreKey storeKey, K key, byte[] seenItem, ValueEnvelope envelope) {
    if (!events.hasListenersFor(EventType.EXPIRED)) {
      return; // memcached's own backstop expiry will drop it.
    }
    boolean removed = store.update(storeKey.memcachedKey(),
        current -> Arrays.equals(current, seenItem) ? Decision.remove(true) : Decision.keep(false));
    if (removed) {
      events.publishExpired(cache, key, oldValue(EventType.EXPIRED, envelope));
    }
  }

  /** Stores a value the loader produced: no writer call, no put statistic, created or updated event. */
  void storeLoaded(StoreKey storeKey, K key, V value, boolean replaceExisting, long now) {
    byte[] valueBytes = codec.serialize(value);
    mutate(storeKey, (live, old) -> live != null && !replaceExisting
        ? Decision.keep(new Outcome<>(false, null))
        : store(storeKey, key, value, valueBytes, live, old, now, true));
  }

  ValueEnvelope liveEnvelope(StoreKey storeKey, long now) {
    ValueEnvelope envelope = codec.open(storeKey, store.get(storeKey.memcachedKey()));
    return envelope != null && !envelope.isExpiredAt(now) ? envelope : null;
  }

  @SuppressWarnings("unchecked")
  V value(ValueEnvelope envelope) {
    return (V) codec.value(envelope);
  }

  @SuppressWarnings("unchecked")
  K keyOf(ValueEnvelope envelope) {
    return (K) codec.deserialize(envelope.keyBytes());
  }

  private V oldValue(EventType type, ValueEnvelope envelope) {
    return events.needsOldValue(type) ? value(envelope) : null;
  }

  private Runnable expiredNotice(K key, ValueEnvelope expired) {
    if (expired == null || !events.hasListenersFor(EventType.EXPIRED)) {
      return null;
    }
    return () -> events.publishExpired(cache, key, oldValue(EventType.EXPIRED, expired));
  }

  static <R> Decision<Outcome<Hit<R>>> hit(Decision<Outcome<R>> decision, boolean hit) {
    Outcome<R> outcome = decision.result();
    return rewrap(decision, new Outcome<>(new Hit<>(outcome.result(), hit), outcome.afterwards()));
  }

  /** The same decision, answering {@code live} (the entry it replaced or removed) instead. */
  static <R> Decision<Outcome<ValueEnvelope>> withResult(Decision<Outcome<R>> decision, ValueEnvelope live) {
    return rewrap(decision, new Outcome<>(live, decision.result().afterwards()));
  }

  private static <A, B> Decision<B> rewrap(Decision<A> decision, B result) {
    return switch (decision.action()) {
      case KEEP -> Decision.keep(result);
      case WRITE -> Decision.write(decision.value(), decision.exptime(), result);
      case REMOVE -> Decision.remove(result);
    };
  }

  private static void run(Runnable notice) {
    if (notice != null) {
      notice.run();
    }
  }
}
