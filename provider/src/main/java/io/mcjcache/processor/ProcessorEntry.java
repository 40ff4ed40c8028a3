package io.mcjcache.processor;

import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.cache.processor.MutableEntry;

/**
 * The {@link MutableEntry} an entry processor works on: a snapshot of the key's value when the invocation
 * started, plus the processor's changes, which take effect only when the processor returns (and then
 * atomically, or not at all). Only one invocation uses an instance, on one thread.
 */
public final class ProcessorEntry<K, V> implements MutableEntry<K, V> {
  private final K key;
  private final boolean existed;
  private final Supplier<V> currentValue;
  private final Function<K, V> loader;
  private EntryOperation operation = EntryOperation.NONE;
  private V value;

  /**
   * @param key the key being processed
   * @param existed whether the key had a live value when the invocation started
   * @param currentValue a fresh copy of that value (called at most once, only when it existed)
   * @param loader read-through loading for a missing value, or null when the cache is not read-through
   */
  public ProcessorEntry(K key, boolean existed, Supplier<V> currentValue, Function<K, V> loader) {
    this.key = Objects.requireNonNull(key, "key");
    this.existed = existed;
    this.currentValue = currentValue;
    this.loader = loader;
  }

  @Override
  public K getKey() {
    return key;
  }

  @Override
  public V getValue() {
    if (operation == EntryOperation.NONE) {
      if (existed) {
        value = currentValue.get();
        operation = EntryOperation.ACCESS;
      } else if (loader != null) {
        V loaded = loader.apply(key);
        if (loaded != null) {
          value = loaded;
          operation = EntryOperation.LOAD;
        }
      }
    }
    return value;
  }

  @Override
  public boolean exists() {
    return switch (operation) {
      case NONE -> existed;
      case REMOVE -> false;
      default -> value != null;
    };
  }

  @Override
  public void remove() {
    // Removing what this invocation created or loaded leaves the cache as it was; any other removal
    // reaches the writer, even of an absent entry (the writer's store may hold it).
    operation = (operation == EntryOperation.CREATE || operation == EntryOperation.LOAD)
        ? EntryOperation.NONE
        : EntryOperation.REMOVE;
    value = null;
  }

  @Override
  public void setValue(V newValue) {
    Objects.requireNonNull(newValue, "an entry processor cannot set a null value; use remove()");
    operation = existed ? EntryOperation.UPDATE : EntryOperation.CREATE;
    value = newValue;
  }

  /** What the processor asked for, once it has returned. */
  public EntryOperation operation() {
    return operation;
  }

  /** The value to store for {@code CREATE}, {@code LOAD} and {@code UPDATE}. */
  public V value() {
    return value;
  }

  @Override
  public <T> T unwrap(Class<T> clazz) {
    if (clazz.isInstance(this)) {
      return clazz.cast(this);
    }
    throw new IllegalArgumentException("a processor entry cannot be unwrapped to " + clazz.getName());
  }
}
