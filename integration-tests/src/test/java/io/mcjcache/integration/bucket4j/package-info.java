/**
 * Bucket4j 8.17 (bucket4j_jdk17-jcache's {@code JCacheProxyManager}) over mcjcache on real memcached:
 * Bucket4j keeps each bucket's state in one cache entry and changes it only through {@code Cache.invoke},
 * so it works only on a provider whose {@code invoke} is atomic and never gives up while the key's owner
 * node is reachable. Its own provider check and its distributed-bucket suite are run here unchanged.
 * Talks to mcjcache only through {@code javax.cache} and its URI settings.
 */
package io.mcjcache.integration.bucket4j;
