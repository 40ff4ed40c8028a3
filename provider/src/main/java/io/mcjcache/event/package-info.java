/**
 * JCache entry events: registering listeners and filters from their configurations, and delivering
 * created/updated/removed/expired events to them, synchronously or on an executor, in order per key.
 *
 * <p>Depends only on the {@code javax.cache} API; it never reads the cluster, the codec or the router
 * (the cache tells it what happened, with the values already in hand).
 */
package io.mcjcache.event;
