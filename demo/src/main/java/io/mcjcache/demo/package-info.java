/**
 * The demo behind {@code ./mcjcache demo}: mcjcache through plain {@code javax.cache} calls on a local
 * memcached cluster that the demo starts and stops itself.
 */
package io.mcjcache.demo;
