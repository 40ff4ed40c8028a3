package io.mcjcache.cluster;

/**
 * The cluster store could not complete an operation: nodes kept failing, the caller was interrupted while
 * it waited for memcached, or an atomic update lost too many rounds. Unchecked, like the JCache API's
 * {@code CacheException}, into which the provider turns it at its boundary (the core knows nothing of
 * JCache: docs/architecture.md, "Modules").
 */
public class StoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StoreException(String message) {
    super(message);
  }

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
