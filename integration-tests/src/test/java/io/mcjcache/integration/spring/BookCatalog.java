package io.mcjcache.integration.spring;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.Cacheable;

/**
 * A service whose slow look-ups Spring caches. It counts how often each method really runs, which is
 * what the tests assert on. Not final: Spring proxies it to apply the annotations.
 */
public class BookCatalog {
  static final String TITLES = "titles";
  static final String LOADED_TITLES = "loadedTitles";
  static final String SHELVES = "shelves";
  static final List<String> CACHES = List.of(TITLES, LOADED_TITLES, SHELVES);

  private final Map<Long, String> titles = new ConcurrentHashMap<>();
  private final AtomicInteger lookups = new AtomicInteger();

  void store(long id, String title) {
    titles.put(id, title);
  }

  /** Unknown ids give null, which Spring caches as its {@code NullValue}. */
  @Cacheable(TITLES)
  public String title(long id) {
    lookups.incrementAndGet();
    return titles.get(id);
  }

  /** {@code sync = true}: Spring loads through {@code Cache.get(key, Callable)}, i.e. {@code Cache.invoke}. */
  @Cacheable(cacheNames = LOADED_TITLES, sync = true)
  public String loadedTitle(long id) {
    lookups.incrementAndGet();
    return titles.get(id);
  }

  /** Two arguments: the key is Spring's {@code SimpleKey}. */
  @Cacheable(SHELVES)
  public List<String> shelf(String author, int year) {
    lookups.incrementAndGet();
    return List.of(author + " " + year + " #1", author + " " + year + " #2");
  }

  /** The key is the id alone ({@code #p0}); by default Spring would make one of both arguments. */
  @CacheEvict(cacheNames = TITLES, key = "#p0")
  public void rename(long id, String title) {
    titles.put(id, title);
  }

  /** {@code allEntries}: Spring's {@code Cache.clear()}, i.e. JCache {@code removeAll()}. */
  @CacheEvict(cacheNames = TITLES, allEntries = true)
  public void renameAll(String suffix) {
    titles.replaceAll((id, title) -> title + suffix);
  }

  int lookups() {
    return lookups.get();
  }
}
