/**
 * JMH benchmarks that put mcjcache beside its peers on the same data: raw spymemcached on the same
 * memcached cluster (the floor of our overhead), Caffeine's JCache (the in-process ceiling) and
 * Redisson's JCache on a local redis-server (a networked JCache peer), plus the suite that runs them all
 * and reports ratios. Uses mcjcache only through {@code javax.cache}; nothing in the product may depend
 * on this package.
 */
package io.mcjcache.bench;
