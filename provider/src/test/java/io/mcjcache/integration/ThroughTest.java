package io.mcjcache.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import javax.cache.Cache;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheLoaderException;
import javax.cache.integration.CacheWriter;
import javax.cache.integration.CacheWriterException;
import org.junit.jupiter.api.Test;

/**
 * A cache's loader and writer as the cache calls them: every failure surfaces as the spec's exception,
 * null answers are "nothing", and a batch writer's partial success names exactly the keys it left.
 */
class ThroughTest {

  @Test
  void loaderFailuresBecomeCacheLoaderExceptionsAndNullsAreDropped() {
    ReadThrough<String, String> failing = new ReadThrough<>(loader(key -> {
      throw new IllegalStateException("down");
    }));
    assertThatThrownBy(() -> failing.load("k")).isInstanceOf(CacheLoaderException.class).hasMessageContaining("k")
        .hasRootCauseMessage("down");

    Map<String, String> source = new HashMap<>();
    source.put("a", "1");
    source.put("b", null);
    ReadThrough<String, String> partial = new ReadThrough<>(new CacheLoader<>() {
      @Override
      public String load(String key) {
        return source.get(key);
      }

      @Override
      public Map<String, String> loadAll(Iterable<? extends String> keys) {
        return source;
      }
    });
    assertThat(partial.loadAll(List.of("a", "b"))).as("entries with null values are not entries")
        .containsExactly(Map.entry("a", "1"));
    assertThat(partial.load("missing")).isNull();
  }

  @Test
  void aBatchWriterThatFailsMidwayNamesTheKeysItLeft() {
    List<String> written = new ArrayList<>();
    WriteThrough<String, String> through = new WriteThrough<>(new RecordingWriter(written) {
      @Override
      public void writeAll(Collection<Cache.Entry<? extends String, ? extends String>> entries) {
        Iterator<Cache.Entry<? extends String, ? extends String>> it = entries.iterator();
        Cache.Entry<? extends String, ? extends String> first = it.next();
        write(first);
        it.remove(); // the spec: a writer removes what it wrote
        throw new IllegalStateException("disk full");
      }
    });
    WriteThrough.BatchResult<String> result = through.writeAll(List.of(entry("a"), entry("b"), entry("c")));

    assertThat(written).containsExactly("a");
    assertThat(result.notWritten()).containsExactlyInAnyOrder("b", "c");
    assertThatThrownBy(result::rethrow).isInstanceOf(CacheWriterException.class).hasRootCauseMessage("disk full");
  }

  @Test
  void singleWritesAndDeletesSurfaceTheSpecsException() {
    WriteThrough<String, String> through = new WriteThrough<>(new RecordingWriter(new ArrayList<>()) {
      @Override
      public void delete(Object key) {
        throw new IllegalArgumentException("no such row");
      }
    });
    assertThatThrownBy(() -> through.delete("k")).isInstanceOf(CacheWriterException.class)
        .hasMessageContaining("k");
    WriteThrough.BatchResult<String> deleted = through.deleteAll(Set.of("x"));
    assertThat(deleted.notWritten()).as("the keys a failed deleteAll did not remove").containsExactly("x");
    assertThatThrownBy(deleted::rethrow).isInstanceOf(CacheWriterException.class);
  }

  private static CacheLoader<String, String> loader(Function<String, String> load) {
    return new CacheLoader<>() {
      @Override
      public String load(String key) {
        return load.apply(key);
      }

      @Override
      public Map<String, String> loadAll(Iterable<? extends String> keys) {
        return Map.of();
      }
    };
  }

  private static Cache.Entry<String, String> entry(String key) {
    return new Cache.Entry<>() {
      @Override
      public String getKey() {
        return key;
      }

      @Override
      public String getValue() {
        return key + "-value";
      }

      @Override
      public <T> T unwrap(Class<T> clazz) {
        throw new IllegalArgumentException();
      }
    };
  }

  /** Records the keys written; the batch and delete methods are the spec's plain loops. */
  private static class RecordingWriter implements CacheWriter<String, String> {
    private final List<String> written;

    RecordingWriter(List<String> written) {
      this.written = written;
    }

    @Override
    public void write(Cache.Entry<? extends String, ? extends String> entry) {
      written.add(entry.getKey());
    }

    @Override
    public void writeAll(Collection<Cache.Entry<? extends String, ? extends String>> entries) {
      for (Iterator<Cache.Entry<? extends String, ? extends String>> it = entries.iterator(); it.hasNext();) {
        write(it.next());
        it.remove();
      }
    }

    @Override
    public void delete(Object key) {}

    @Override
    public void deleteAll(Collection<?> keys) {
      for (Iterator<?> it = keys.iterator(); it.hasNext();) {
        delete(it.next());
        it.remove();
      }
    }
  }
}
