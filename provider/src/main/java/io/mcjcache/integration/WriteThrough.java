package io.mcjcache.integration;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import javax.cache.Cache;
import javax.cache.integration.CacheWriter;
import javax.cache.integration.CacheWriterException;

/**
 * A cache's {@link CacheWriter} as the cache calls it. Writes happen before the cache changes, so a
 * failing writer leaves the cache as it was (the write-through semantics of the reference
 * implementation). Batch calls report which entries the writer did not take: the spec's writer removes
 * from the collection it is given what it wrote, and leaves the rest.
 */
public final class WriteThrough<K, V> implements AutoCloseable {
  private final CacheWriter<K, V> writer;

  @SuppressWarnings("unchecked")
  public WriteThrough(CacheWriter<? super K, ? super V> writer) {
    // A writer of supertypes accepts our keys and values: the cast only drops the wildcard.
    this.writer = (CacheWriter<K, V>) Objects.requireNonNull(writer, "writer");
  }

  public void write(K key, V value) {
    try {
      writer.write(new WrittenEntry<>(key, value));
    } catch (CacheWriterException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new CacheWriterException("the CacheWriter failed to write key " + key + ": " + e, e);
    }
  }

  public void delete(K key) {
    try {
      writer.delete(key);
    } catch (CacheWriterException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new CacheWriterException("the CacheWriter failed to delete key " + key + ": " + e, e);
    }
  }

  /** Writes a batch; the result names the keys that were not written and the failure, if any. */
  public BatchResult<K> writeAll(Collection<? extends Cache.Entry<K, V>> entries) {
    List<Cache.Entry<? extends K, ? extends V>> pending = new ArrayList<>(entries);
    CacheWriterException failure = null;
    try {
      writer.writeAll(pending);
    } catch (CacheWriterException e) {
      failure = e;
    } catch (RuntimeException e) {
      failure = new CacheWriterException("the CacheWriter failed to write all: " + e, e);
    }
    Set<K> notWritten = new LinkedHashSet<>();
    if (failure != null) {
      for (Cache.Entry<? extends K, ? extends V> entry : pending) {
        notWritten.add(entry.getKey());
      }
    }
    return new BatchResult<>(notWritten, failure);
  }

  /** Deletes a batch; the result names the keys that were not deleted and the failure, if any. */
  public BatchResult<K> deleteAll(Collection<? extends K> keys) {
    Set<K> pending = new LinkedHashSet<>(keys);
    CacheWriterException failure = null;
    try {
      writer.deleteAll(pending);
    } catch (CacheWriterException e) {
      failure = e;
    } catch (RuntimeException e) {
      failure = new CacheWriterException("the CacheWriter failed to delete all: " + e, e);
    }
    return new BatchResult<>(failure == null ? Set.of() : pending, failure);
  }

  @Override
  public void close() {
    Closing.closeIfCloseable(writer, "CacheWriter");
  }

  /**
   * The outcome of a batch write: which keys the writer did not handle (the cache must leave them as
   * they are) and the exception to rethrow once the rest has been applied.
   */
  public record BatchResult<K>(Set<K> notWritten, CacheWriterException failure) {
    public BatchResult {
      notWritten = Set.copyOf(notWritten);
    }

    public void rethrow() {
      if (failure != null) {
        throw failure;
      }
    }
  }

  /** The entry handed to the writer: the key and value the application passed in. */
  private record WrittenEntry<K, V>(K key, V value) implements Cache.Entry<K, V> {
    @Override
    public K getKey() {
      return key;
    }

    @Override
    public V getValue() {
      return value;
    }

    @Override
    public <T> T unwrap(Class<T> clazz) {
      if (clazz.isInstance(this)) {
        return clazz.cast(this);
      }
      throw new IllegalArgumentException("a written entry cannot be unwrapped to " + clazz.getName());
    }
  }
}
