package io.mcjcache;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CompletionListener;
import javax.cache.processor.EntryProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every local operation keeps the near cache exact for this JVM (docs/near-cache.md, "Exactness for this
 * JVM"). Each case fills the near cache, runs one operation, then compares what this JVM reads (through its
 * near cache, whose ttl is far longer than the test) with what the servers hold (read by a manager without a
 * near cache): a near copy that the operation forgot to update or drop shows up as a disagreement.
 */
class NearCacheExactnessTest {
  private static final List<String> KEYS = List.of("a", "b", "c", "d");

  private final SharedStore servers = new SharedStore();
  private final MemcachedCachingProvider thisJvm = servers.provider();
  private final MemcachedCachingProvider serversView = servers.provider();

  @AfterEach
  void close() {
    thisJvm.close();
    serversView.close();
  }

  static CacheManager manager(SharedStore servers, MemcachedCachingProvider provider, String nearCacheMaxEntries) {
    Properties properties = new Properties();
    properties.setProperty("nearCache.maxEntries", nearCacheMaxEntries);
    properties.setProperty("nearCache.ttlMs", "600000");
    return provider.getCacheManager(URI.create(SharedStore.CLUSTER + "?namespace=exact"),
        NearCacheExactnessTest.class.getClassLoader(), properties);
  }

  private Cache<String, String> nearCached(MutableConfiguration<String, String> configuration) {
    return manager(servers, thisJvm, "1000").createCache("c", configuration);
  }

  private Cache<String, String> onTheServers() {
    return manager(servers, serversView, "0").createCache("c", new MutableConfiguration<>());
  }

  private static void assertAgree(Cache<String, String> nearCached, Cache<String, String> onTheServers) {
    for (String key : KEYS) {
      assertThat(nearCached.get(key)).as("key %s", key).isEqualTo(onTheServers.get(key));
    }
  }

  private static void fill(Cache<String, String> cache) {
    cache.putAll(Map.of("a", "1", "b", "1", "c", "1"));
    cache.getAll(Set.copyOf(KEYS));
  }

  static Stream<Arguments> operations() {
    EntryProcessor<String, String, Object> set = (entry, args) -> {
      entry.setValue("invoked");
      return null;
    };
    EntryProcessor<String, String, Object> drop = (entry, args) -> {
      entry.remove();
      return null;
    };
    return Stream.of(
        op("put", c -> c.put("a", "2")),
        op("getAndPut", c -> c.getAndPut("a", "2")),
        op("putIfAbsent on a present key", c -> c.putIfAbsent("a", "2")),
        op("putIfAbsent on an absent key", c -> c.putIfAbsent("d", "2")),
        op("remove", c -> c.remove("a")),
        op("remove(k, v) matching", c -> c.remove("a", "1")),
        op("remove(k, v) not matching", c -> c.remove("a", "x")),
        op("getAndRemove", c -> c.getAndRemove("a")),
        op("replace", c -> c.replace("a", "2")),
        op("replace(k, old, new)", c -> c.replace("a", "1", "2")),
        op("getAndReplace", c -> c.getAndReplace("a", "2")),
        op("invoke setValue", c -> c.invoke("a", set)),
        op("invoke remove", c -> c.invoke("a", drop)),
        op("invokeAll", c -> c.invokeAll(Set.of("a", "b", "d"), set)),
        op("putAll", c -> c.putAll(Map.of("a", "2", "b", "2", "d", "2"))),
        op("removeAll(keys)", c -> c.removeAll(Set.of("a", "b"))),
        op("removeAll()", Cache::removeAll),
        op("clear", Cache::clear),
        op("iterator remove", c -> {
          Iterator<Cache.Entry<String, String>> entries = c.iterator();
          entries.next();
          entries.remove();
        }));
  }

  private static Arguments op(String name, Consumer<Cache<String, String>> operation) {
    return Arguments.of(name, operation);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("operations")
  void aLocalOperationLeavesTheNearCacheAgreeingWithTheServers(String name, Consumer<Cache<String, String>> operation) {
    Cache<String, String> cache = nearCached(new MutableConfiguration<>());
    Cache<String, String> truth = onTheServers();
    fill(cache);

    operation.accept(cache);

    assertAgree(cache, truth);
  }

  /**
   * Another JVM changed every key while this one holds near copies. A local operation that depends on the
   * current value decides on the servers' value, not the near copy, and leaves the near cache exact.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("operations")
  void aLocalOperationAfterAnotherJvmsChangeStillLeavesTheNearCacheExact(String name,
      Consumer<Cache<String, String>> operation) {
    Cache<String, String> cache = nearCached(new MutableConfiguration<>());
    Cache<String, String> otherJvm = onTheServers();
    fill(cache);
    otherJvm.putAll(Map.of("a", "other", "b", "other"));
    otherJvm.remove("c");
    otherJvm.put("d", "other");

    operation.accept(cache);

    // Keys the operation did not touch may still be up to nearCache.ttlMs behind; the ones it touched not.
    for (String key : KEYS) {
      String near = cache.get(key);
      String server = otherJvm.get(key);
      if (!java.util.Objects.equals(near, server)) {
        assertThat(near).as("key %s may only be the untouched near copy", key).isEqualTo(key.equals("d") ? null : "1");
        assertThat(touchedBy(name)).as("keys touched by %s", name).doesNotContain(key);
      }
    }
  }

  /** The keys an operation of {@link #operations()} reads or writes on the servers. */
  private static Set<String> touchedBy(String name) {
    return switch (name) {
      case "putIfAbsent on an absent key" -> Set.of("d");
      case "invokeAll", "putAll" -> Set.of("a", "b", "d");
      case "removeAll(keys)" -> Set.of("a", "b");
      case "removeAll()", "clear" -> Set.copyOf(KEYS);
      case "iterator remove" -> Set.of();
      default -> Set.of("a");
    };
  }

  @Test
  void conditionalOperationsDecideOnTheServersValueNotOnANearCopy() {
    Cache<String, String> cache = nearCached(new MutableConfiguration<>());
    Cache<String, String> otherJvm = onTheServers();
    cache.put("a", "1");
    otherJvm.put("a", "other");

    assertThat(cache.replace("a", "1", "2")).isFalse();
    assertThat(cache.get("a")).isEqualTo("other");
    assertThat(cache.replace("a", "other", "2")).isTrue();
    assertThat(cache.get("a")).isEqualTo("2");
    otherJvm.remove("a");
    assertThat(cache.putIfAbsent("a", "3")).isTrue();
    assertThat(cache.get("a")).isEqualTo("3");
  }

  @Test
  void whatALoaderStoresIsWhatTheNearCacheHolds() throws Exception {
    CacheLoader<String, String> loader = new CacheLoader<>() {
      @Override
      public String load(String key) {
        return "loaded-" + key;
      }

      @Override
      public Map<String, String> loadAll(Iterable<? extends String> keys) {
        Map<String, String> loaded = new java.util.HashMap<>();
        keys.forEach(key -> loaded.put(key, load(key)));
        return loaded;
      }
    };
    Cache<String, String> cache = nearCached(new MutableConfiguration<String, String>()
        .setCacheLoaderFactory(() -> loader).setReadThrough(true));
    Cache<String, String> truth = onTheServers();
    fill(cache);

    assertThat(cache.get("d")).isEqualTo("loaded-d");
    CompletableFuture<Void> done = new CompletableFuture<>();
    cache.loadAll(Set.of("a", "b"), true, new CompletionListener() {
      @Override
      public void onCompletion() {
        done.complete(null);
      }

      @Override
      public void onException(Exception e) {
        done.completeExceptionally(e);
      }
    });
    done.get(10, TimeUnit.SECONDS);

    assertAgree(cache, truth);
    assertThat(cache.get("a")).isEqualTo("loaded-a");
  }

  /** A clear must also drop near copies of keys the servers no longer list (another JVM removed them). */
  @Test
  void clearForgetsNearCopiesOfKeysAnotherJvmAlreadyRemoved() {
    Cache<String, String> cache = nearCached(new MutableConfiguration<>());
    Cache<String, String> otherJvm = onTheServers();
    fill(cache);
    otherJvm.remove("a");
    assertThat(cache.get("a")).isEqualTo("1"); // a near copy, within nearCache.ttlMs

    cache.clear();

    assertThat(cache.get("a")).isNull();
  }

  /** Store-by-value holds for near hits too: the near cache keeps bytes, every read deserializes a copy. */
  @Test
  void aNearHitIsAFreshCopy() {
    Cache<String, ArrayList<String>> cache = manager(servers, thisJvm, "1000").createCache("lists",
        new MutableConfiguration<>());
    cache.put("k", new ArrayList<>(List.of("a")));
    servers.store.resetCalls();

    ArrayList<String> first = cache.get("k");
    first.add("changed after get");
    ArrayList<String> second = cache.get("k");

    assertThat(servers.store.calls("get")).isZero();
    assertThat(second).containsExactly("a").isNotSameAs(first);
  }
}
