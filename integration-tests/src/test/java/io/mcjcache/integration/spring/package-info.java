/**
 * Spring Framework 6.2's cache abstraction ({@code @EnableCaching}, {@code JCacheCacheManager}) over
 * mcjcache on real memcached: a cached service, the Spring configuration a user would write, and the
 * tests. Talks to mcjcache only through {@code javax.cache} and its public management names.
 */
package io.mcjcache.integration.spring;
