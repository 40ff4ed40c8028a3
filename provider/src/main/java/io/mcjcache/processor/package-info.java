/**
 * Entry processors: the mutable entry a processor sees, what it asked for (read, create, load, update,
 * remove), and the per-key results of {@code invokeAll}. Knows nothing of memcached: the cache applies
 * the outcome atomically through the cluster store.
 */
package io.mcjcache.processor;
