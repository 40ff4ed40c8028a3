package io.mcjcache;

import io.mcjcache.EntryCodec.StoreKey;
import io.mcjcache.EntryCodec.StoredEntry;
import io.mcjcache.cluster.Decision;
import io.mcjcache.cluster.StoreItem;
import io.mcjcache.codec.PreparedItem;
import io.mcjcache.codec.ValueEnvelope;
import io.mcjcache.event.EventDispatcher;
import io.mcjcache.expiry.ExpiryTimes;
import javax.cache.Cache;
import javax.cache.event.EventType;

/**
 * What a write, removal or access does to one entry, given what the key holds: the write (with the expiry
 * policy's answer as the envelope's expiry time), and what to tell listeners once it has been applied. The
 * single-key operations apply a decision atomically on the key's owner node, the batch operations collect
 * them into one batch write or delete, an entry processor's request becomes one: every path takes the same
 * decision, so creation versus update expiry, created versus updated events and old values follow the spec
 * the same way everywhere (docs/jcache.md, "Expiry" and "Listeners, statistics, JMX").
 *
 * <p>Decisions are pure until applied, because the store's compare-and-swap loop may ask more than once;
 * the listener notice runs once, after the decision took effect.
 */
final class EntryDecisions<K, V> {
  private final EntryCodec codec;
  private final ExpiryTimes expiry;
  private final EventDispatcher<K, V> events;
  private final Cache<K, V> eventSource;

  EntryDecisions(CacheParts<K, V> parts) {
    this.codec = parts.codec();
    this.expiry = parts.expiry();
    this.events = parts.events();
    this.eventSource = parts.eventSource();
  }

  /** What a decision returns once applied, and what to tell listeners then (null: nothing). */
  record Outcome<R>(R result, Runnable afterwards) {}

  /** A result, and whether the decision found a live entry (for hit and miss statistics). */
  record Hit<R>(R result, boolean hit) {}

  /**
   * Stores {@code value} for {@code key}: created when there is no live entry (creation expiry), updated
   * otherwise (update expiry); an entry whose expiry time has already come is not stored (and what the key
   * held is removed). The result says whether a value is now in the cache.
   *
   * @param prepared the value prepared as an item, or null to prepare it here only if it is stored
   */
  Decision<Outcome<Boolean>> store(StoreKey storeKey, K key, V value, PreparedItem prepared, ValueEnvelope live,
      ValueEnvelope expired, long now) {
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
    StoreItem item =
        codec.item(prepared != null ? prepared : codec.prepare(storeKey, value), expiresAt, now);
    Runnable notice = live == null
        ? () -> {
          run(expiredNotice);
          events.publishCreated(eventSource, key, value);
        }
        : () -> events.publishUpdated(eventSource, key, oldValue(EventType.UPDATED, live), value);
    return Decision.write(item.value(), item.exptime(), new Outcome<>(true, notice));
  }

  /**
   * Stores a value that did not come from a put (a loader's, or one of a batch): like {@link #store}, but a
   * live entry stays unless {@code replaceExisting}.
   */
  Decision<Outcome<Boolean>> storeUnlessLive(K key, V value, PreparedItem prepared, StoredEntry current,
      boolean replaceExisting, long now) {
    if (current.isLive() && !replaceExisting) {
      return Decision.keep(new Outcome<>(false, null));
    }
    return store(current.key(), key, value, prepared, current.live(), current.expired(), now);
  }

  /** Removes the live entry (publishing the removal) or an expired one; the result says whether a live one went. */
  Decision<Outcome<Boolean>> removal(K key, ValueEnvelope live, ValueEnvelope expired) {
    if (live == null) {
      return expired == null
          ? Decision.keep(new Outcome<>(false, null))
          : Decision.remove(new Outcome<>(false, expiredNotice(key, expired)));
    }
    return Decision.remove(
        new Outcome<>(true, () -> events.publishRemoved(eventSource, key, oldValue(EventType.REMOVED, live))));
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

  /** The expired event for an entry a read found expired and removed. */
  void publishExpired(K key, ValueEnvelope expired) {
    events.publishExpired(eventSource, key, oldValue(EventType.EXPIRED, expired));
  }

  /** A fresh copy of the entry's value (store-by-value). */
  @SuppressWarnings("unchecked")
  V value(ValueEnvelope envelope) {
    return (V) codec.value(envelope);
  }

  /** A fresh copy of the key the entry was written for. */
  @SuppressWarnings("unchecked")
  K keyOf(ValueEnvelope envelope) {
    return (K) codec.deserialize(envelope.keyBytes());
  }

  /** The old value for an event of {@code type}, deserialized only when some listener asks for it. */
  private V oldValue(EventType type, ValueEnvelope envelope) {
    return events.needsOldValue(type) ? value(envelope) : null;
  }

  private Runnable expiredNotice(K key, ValueEnvelope expired) {
    if (expired == null || !events.hasListenersFor(EventType.EXPIRED)) {
      return null;
    }
    return () -> publishExpired(key, expired);
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

  /** Runs a listener notice, if there is one. */
  static void run(Runnable notice) {
    if (notice != null) {
      notice.run();
    }
  }
}
