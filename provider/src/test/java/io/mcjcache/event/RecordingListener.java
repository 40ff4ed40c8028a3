package io.mcjcache.event;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryExpiredListener;
import javax.cache.event.CacheEntryRemovedListener;
import javax.cache.event.CacheEntryUpdatedListener;
import javax.cache.event.EventType;

/** Listens to all four event types and keeps what it saw, as plain values. */
class RecordingListener implements CacheEntryCreatedListener<String, String>,
    CacheEntryUpdatedListener<String, String>, CacheEntryRemovedListener<String, String>,
    CacheEntryExpiredListener<String, String>, AutoCloseable {

  /** What one delivered event showed its listener. */
  record Seen(EventType type, String key, String value, String oldValue, boolean oldValueAvailable,
      String thread) {
  }

  final List<Seen> seen = new CopyOnWriteArrayList<>();
  final AtomicBoolean closed = new AtomicBoolean();

  @Override
  public void onCreated(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
    record(events);
  }

  @Override
  public void onUpdated(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
    record(events);
  }

  @Override
  public void onRemoved(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
    record(events);
  }

  @Override
  public void onExpired(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
    record(events);
  }

  /** Hook for subclasses that need to block or fail on delivery. */
  void onEvent(CacheEntryEvent<? extends String, ? extends String> event) {
  }

  private void record(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
    for (var event : events) {
      onEvent(event);
      seen.add(new Seen(event.getEventType(), event.getKey(), event.getValue(), event.getOldValue(),
          event.isOldValueAvailable(), Thread.currentThread().getName()));
    }
  }

  @Override
  public void close() {
    closed.set(true);
  }
}
