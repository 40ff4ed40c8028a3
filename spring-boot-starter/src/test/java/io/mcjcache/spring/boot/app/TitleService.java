package io.mcjcache.spring.boot.app;

import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.stereotype.Service;

/** A service whose source of truth is slow enough to cache: it counts how often it is asked. */
@Service
public class TitleService {
  public static final String TITLES = "titles";

  private final AtomicInteger lookups = new AtomicInteger();

  @Cacheable(TITLES)
  public String title(long id) {
    lookups.incrementAndGet();
    return "Title " + id;
  }

  /** How often {@link #title} ran, i.e. missed the cache. */
  public int lookups() {
    return lookups.get();
  }
}
