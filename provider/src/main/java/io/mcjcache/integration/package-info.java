/**
 * The cache's calls out to the application's {@code CacheLoader} and {@code CacheWriter}: the spec's
 * exception wrapping, partial-failure bookkeeping for batch writes, closing. Knows nothing of memcached
 * or of how the cache stores entries.
 */
package io.mcjcache.integration;
