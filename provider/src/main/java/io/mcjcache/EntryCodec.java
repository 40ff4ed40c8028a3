package io.mcjcache;

import io.mcjcache.cluster.StoreItem;
import io.mcjcache.codec.ItemSizeLimit;
import io.mcjcache.codec.KeyEncoder;
import io.mcjcache.codec.MalformedEnvelopeException;
import io.mcjcache.codec.PreparedItem;
import io.mcjcache.codec.ValueEnvelope;
import io.mcjcache.codec.ValueSerializer;
import java.util.Objects;

/**
 * One cache's translation between JCache objects and memcached items: keys to memcached keys (through
 * the key's serialized bytes), values to envelopes, envelopes back to fresh objects. Every object the
 * cache hands out is deserialized here, so it is always a copy (store-by-value).
 */
final class EntryCodec {
  private final KeyEncoder keyEncoder;
  private final ValueSerializer serializer;
  private final ClassLoader classLoader;
  private final ItemSizeLimit sizeLimit;

  EntryCodec(KeyEncoder keyEncoder, ValueSerializer serializer, ClassLoader classLoader, ItemSizeLimit sizeLimit) {
    this.keyEncoder = Objects.requireNonNull(keyEncoder, "keyEncoder");
    this.serializer = Objects.requireNonNull(serializer, "serializer");
    this.classLoader = classLoader;
    this.sizeLimit = Objects.requireNonNull(sizeLimit, "sizeLimit");
  }

  /** The memcached key and serialized bytes of {@code key}. */
  StoreKey key(Object key) {
    byte[] bytes = serializer.serialize(key);
    return new StoreKey(keyEncoder.encode(bytes), bytes);
  }

  Object deserialize(byte[] bytes) {
    return serializer.deserialize(bytes, classLoader);
  }

  /**
   * Serializes {@code value} for {@code key} into the item that will carry it, and checks that the item
   * will fit on the servers, so that an oversized value fails before the writer or the servers see
   * anything.
   */
  PreparedItem prepare(StoreKey key, Object value) {
    PreparedItem prepared = PreparedItem.prepare(serializer, key.bytes(), value);
    sizeLimit.check(key.memcachedKey().length(), prepared.length());
    return prepared;
  }

  /** The prepared item expiring at {@code expiresAtMillis}, with its memcached backstop expiry at {@code nowMillis}. */
  StoreItem item(PreparedItem prepared, long expiresAtMillis, long nowMillis) {
    return new StoreItem(prepared.item(expiresAtMillis), ValueEnvelope.memcachedTtlSeconds(expiresAtMillis, nowMillis));
  }

  /** {@code envelope} with another expiry time, as an item. */
  StoreItem item(ValueEnvelope envelope, long expiresAtMillis, long nowMillis) {
    ValueEnvelope changed = envelope.withExpiry(expiresAtMillis);
    return new StoreItem(changed.encode(), changed.memcachedTtlSeconds(nowMillis));
  }

  /**
   * The envelope in {@code item}, or null when the item is not one of ours for exactly this key (a
   * digest collision, a foreign or corrupt item): all of those read as a miss.
   */
  ValueEnvelope open(StoreKey key, byte[] item) {
    if (item == null) {
      return null;
    }
    ValueEnvelope envelope = open(item);
    return envelope != null && envelope.hasKey(key.bytes()) ? envelope : null;
  }

  /** The envelope in {@code item}, whatever key it is for, or null when it is not an envelope. */
  ValueEnvelope open(byte[] item) {
    try {
      return ValueEnvelope.decode(item);
    } catch (MalformedEnvelopeException e) {
      return null;
    }
  }

  /**
   * What {@code item} (read for {@code key}, null on a miss) holds at {@code nowMillis}: a live entry, an
   * expired one, or nothing. The one place where the JCache layer decodes an item and checks its expiry
   * (docs/design.md, "JCache on memcached": expiry is checked to the millisecond on every read), for
   * single-key, batch and processor paths alike.
   */
  StoredEntry read(StoreKey key, byte[] item, long nowMillis) {
    return StoredEntry.of(key, item, open(key, item), nowMillis);
  }

  /**
   * What {@code item}, found under {@code memcachedKey} by a listing, holds at {@code nowMillis}; null when
   * it is not an envelope written for exactly that key (a foreign item, or a digest that another key's
   * envelope landed under), which a walk over the cache skips.
   */
  StoredEntry readListed(String memcachedKey, byte[] item, long nowMillis) {
    ValueEnvelope envelope = item == null ? null : open(item);
    if (envelope == null) {
      return null;
    }
    StoreKey key = keyOf(envelope);
    return key.memcachedKey().equals(memcachedKey) ? StoredEntry.of(key, item, envelope, nowMillis) : null;
  }

  /** The key an envelope was written for (the key bytes are always in the envelope). */
  StoreKey keyOf(ValueEnvelope envelope) {
    byte[] bytes = envelope.keyBytes();
    return new StoreKey(keyEncoder.encode(bytes), bytes);
  }

  Object value(ValueEnvelope envelope) {
    return envelope.value(serializer, classLoader);
  }

  String prefix() {
    return keyEncoder.prefix();
  }

  boolean owns(String memcachedKey) {
    return keyEncoder.owns(memcachedKey);
  }

  /** A key on the servers: its memcached form (placement, listing) and its serialized bytes. */
  record StoreKey(String memcachedKey, byte[] bytes) {}

  /**
   * A key's entry as one read found it: the item's bytes (what a later conditional step compares against),
   * and its envelope as either {@code live} or {@code expired} (at most one of them; neither on a miss).
   * An expired entry is absent for JCache but still matters: it is removed and reported as expired.
   */
  record StoredEntry(StoreKey key, byte[] item, ValueEnvelope live, ValueEnvelope expired) {
    private static StoredEntry of(StoreKey key, byte[] item, ValueEnvelope envelope, long nowMillis) {
      boolean expired = envelope != null && envelope.isExpiredAt(nowMillis);
      return new StoredEntry(key, item, expired ? null : envelope, expired ? envelope : null);
    }

    boolean isLive() {
      return live != null;
    }

    /** The envelope, live or expired; null on a miss. */
    ValueEnvelope envelope() {
      return live != null ? live : expired;
    }
  }
}
