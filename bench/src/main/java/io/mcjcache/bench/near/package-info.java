/**
 * The near cache's benchmark (docs/performance.md, "Near cache"): mcjcache's get with the near cache on and
 * off beside raw spymemcached and Caffeine's JCache, on a Zipf workload. Uses the bench module's data and key
 * streams; nothing in the product depends on it.
 */
package io.mcjcache.bench.near;
