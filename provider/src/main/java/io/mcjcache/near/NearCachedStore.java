package io.mcjcache.near;

import io.mcjcache.cluster.ClusterStore;
import io.mcjcache.cluster.Decision;
import io.mcjcache.cluster.KeyClaim;
import io.mcjcache.cluster.Mutation;
import io.mcjcache.cluster.StoreItem;
import io.mcjcache.config.NearCacheSettings;
import io.mcjcache.near.NearCache.Reservation;
import io.mcjcache.near.NearCache.WriteTicket;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * One cache's view of the shared {@link ClusterStore} with a near cache in front: reads of held keys are
 * answered in the JVM, everything else goes to the servers, and every write, removal and atomic update
 * that passes through here leaves the near cache exact for this JVM before it returns.
 *
 * <p>Why a store decorator: every JCache operation of a cache, single-key or batch, already reaches the
 * servers through {@code ClusterStore}, so putting the near cache at this door covers all of them with
 * one set of rules, and the JCache layer decodes, checks the expiry of and deserializes a near hit
 * exactly as it does an item from the network (a fresh copy on every read, the envelope's expiry time
 * checked to the millisecond, hits counted as hits).
 *
 * <p>What the near cache holds after each kind of call:
 * <ul>
 *   <li>{@code put}, {@code putAll}: the item written; {@code delete}, {@code deleteAll}: nothing;
 *   <li>{@code update}: what the last decision of the mutation left on the owner node: the item it
 *       wrote, nothing after a removal, the item it saw when it kept the key as it was (that is a fresh
 *       read of the owner node);
 *   <li>a failed call: nothing (the servers may or may not have applied it);
 *   <li>{@code get}, {@code getAll}: the items fetched, unless a local write of the key overlapped;
 *   <li>{@link #invalidateAll()} (the cache's clear, removeAll and destroy): nothing at all.
 * </ul>
 * Items written by other JVMs are seen here once a held item's {@code ttlMs} has run out.
 *
 * <p>Refresh ahead: a held item that is read in the last quarter of its {@code ttlMs} is fetched again in
 * the background ({@link RefreshAhead}: batched, one {@code getAll} per batch, on the cache manager's
 * background threads), so that a key in constant use does not make a reader wait for the servers once
 * per {@code ttlMs}. The refreshed item is installed only over the very item it refreshes.
 *
 * <p>{@link #close()} forgets the held items; it does not close the shared store, which belongs to the
 * cache manager. The arrays returned by reads may be the held ones: callers must not modify them (the
 * JCache layer only decodes them, into copies).
 */
public final class NearCachedStore implements ClusterStore {
  private final ClusterStore servers;
  private final NearCache near;
  private final NearFigures figures;
  private final LongSupplier hitCounter;
  private final RefreshAhead refreshAhead;

  /**
   * @param servers the shared store this cache's keys live in
   * @param settings the near cache's size and freshness bound; must be enabled
   * @param figures where near hits and background refresh fetches are counted (the router figures)
   * @param background runs the background refreshes (the cache manager's threads)
   */
  public NearCachedStore(ClusterStore servers, NearCacheSettings settings, NearFigures figures,
      Executor background) {
    this(servers, settings, figures,
        CompletableFuture.delayedExecutor(RefreshAhead.coalescing(settings.ttlMs()), TimeUnit.MILLISECONDS,
            Objects.requireNonNull(background, "background")),
        System::nanoTime);
  }

  /**
   * With a clock of the caller's, so that tests can age held items without waiting, and drains run by
   * {@code refreshes} as they are submitted.
   */
  NearCachedStore(ClusterStore servers, NearCacheSettings settings, NearFigures figures, Executor refreshes,
      LongSupplier nanoTime) {
    this.servers = Objects.requireNonNull(servers, "servers");
    this.near = new NearCache(Objects.requireNonNull(settings, "settings"), nanoTime);
    this.figures = Objects.requireNonNull(figures, "figures");
    this.refreshAhead = new RefreshAhead(servers, near, Objects.requireNonNull(refreshes, "refreshes"),
        figures.refreshFetches());
    this.hitCounter = near::hits;
    figures.hitCounterOpened().accept(hitCounter);
  }

  // ---------------------------------------------------------------- reads

  @Override
  public byte[] get(String key) {
    if (servers.isUnavailable()) {
      // allDown: reads miss (or fail) as configured; a near copy must not pretend the servers answered.
      return servers.get(key);
    }
    byte[] held = near.held(key, refreshAhead);
    if (held != null) {
      return held;
    }
    Reservation reservation = near.reserve(key);
    byte[] item = null;
    try {
      item = servers.get(key);
      return item;
    } finally {
      if (reservation != null) {
        near.fill(key, reservation, item);
      }
    }
  }

  @Override
  public Map<String, byte[]> getAll(Collection<String> keys) {
    if (servers.isUnavailable()) {
      return servers.getAll(keys);
    }
    Map<String, byte[]> found = new HashMap<>();
    List<String> missing = new ArrayList<>();
    for (String key : keys) {
      byte[] held = near.held(key, refreshAhead);
      if (held != null) {
        found.put(key, held);
      } else {
        missing.add(key);
      }
    }
    if (missing.isEmpty()) {
      return found;
    }
    Map<String, Reservation> reservations = new LinkedHashMap<>();
    for (String key : missing) {
      Reservation reservation = near.reserve(key);
      if (reservation != null) {
        reservations.put(key, reservation);
      }
    }
    Map<String, byte[]> fetched = Map.of();
    try {
      fetched = servers.getAll(missing);
      found.putAll(fetched);
      return found;
    } finally {
      Map<String, byte[]> items = fetched;
      reservations.forEach((key, reservation) -> near.fill(key, reservation, items.get(key)));
    }
  }

  // ---------------------------------------------------------------- writes

  @Override
  public void put(String key, byte[] value, int exptime) {
    WriteTicket ticket = near.beginWrite(key);
    byte[] result = null;
    try {
      servers.put(key, value, exptime);
      result = servers.isUnavailable() ? null : value;
    } finally {
      near.endWrite(key, ticket, result);
    }
  }

  @Override
  public void putAll(Map<String, StoreItem> items) {
    Map<String, WriteTicket> tickets = beginWrites(items.keySet());
    boolean written = false;
    try {
      servers.putAll(items);
      written = !servers.isUnavailable();
    } finally {
      boolean installed = written;
      tickets.forEach((key, ticket) -> near.endWrite(key, ticket, installed ? items.get(key).value() : null));
    }
  }

  @Override
  public boolean delete(String key) {
    WriteTicket ticket = near.beginWrite(key);
    try {
      return servers.delete(key);
    } finally {
      near.endWrite(key, ticket, null);
    }
  }

  @Override
  public void deleteAll(Collection<String> keys) {
    Map<String, WriteTicket> tickets = beginWrites(keys);
    try {
      servers.deleteAll(keys);
    } finally {
      tickets.forEach((key, ticket) -> near.endWrite(key, ticket, null));
    }
  }

  @Override
  public <R> R update(String key, Mutation<R> mutation) {
    WriteTicket ticket = near.beginWrite(key);
    LastDecision<R> last = new LastDecision<>(mutation);
    byte[] result = null;
    try {
      R answer = servers.update(key, last);
      result = servers.isUnavailable() ? null : last.itemLeft();
      return answer;
    } finally {
      near.endWrite(key, ticket, result);
    }
  }

  private Map<String, WriteTicket> beginWrites(Collection<String> keys) {
    Map<String, WriteTicket> tickets = new LinkedHashMap<>();
    for (String key : keys) {
      tickets.putIfAbsent(key, near.beginWrite(key));
    }
    return tickets;
  }

  // ---------------------------------------------------------------- the rest

  /** The servers' claim: the turn and the lease are about the owner node, which this cache only fronts. */
  @Override
  public KeyClaim claim(String key) {
    return servers.claim(key);
  }

  @Override
  public void forEachKey(String prefix, Consumer<String> sink) {
    servers.forEachKey(prefix, sink);
  }

  @Override
  public boolean isUnavailable() {
    return servers.isUnavailable();
  }

  @Override
  public int itemSizeLimit() {
    return servers.itemSizeLimit();
  }

  /**
   * Forgets every held item, and makes reads and writes in flight install nothing: for whole-cache
   * removals, which cannot name every key this JVM holds (a key removed by another JVM may still be held
   * here, and a listing may miss keys).
   */
  public void invalidateAll() {
    near.invalidateAll();
  }

  /** This near cache's hits, misses and size. */
  public NearCacheCounts counts() {
    return near.counts();
  }

  /**
   * Forgets the held items and drops the refreshes not yet started; the shared store stays open (the
   * cache manager owns it).
   */
  @Override
  public void close() {
    refreshAhead.close();
    near.invalidateAll();
    figures.hitCounterClosed().accept(hitCounter);
  }

  @Override
  public String toString() {
    return "NearCachedStore[" + near.counts() + " over " + servers + "]";
  }

  /**
   * The caller's mutation, remembering what its last run decided and saw: the store applies the decision
   * of the last run (earlier runs lost a compare-and-swap), so that is what the owner node holds now.
   */
  private static final class LastDecision<R> implements Mutation<R> {
    private final Mutation<R> mutation;
    private Decision<R> decision;
    private byte[] seen;

    LastDecision(Mutation<R> mutation) {
      this.mutation = mutation;
    }

    @Override
    public Decision<R> decide(byte[] current) {
      Decision<R> decided = mutation.decide(current);
      decision = decided;
      seen = current;
      return decided;
    }

    /** The item the owner node holds after the update (null: none, or the mutation never ran). */
    byte[] itemLeft() {
      if (decision == null) {
        return null;
      }
      return switch (decision.action()) {
        case KEEP -> seen;
        case WRITE -> decision.value();
        case REMOVE -> null;
      };
    }
  }
}
