/**
 * The demo behind {@code ./mcjcache demo}: mcjcache, four baseline placements, mcjcache's proxy and
 * twemproxy put through the same fail / write / delete / return schedule (a node killed and restarted, or
 * hung and resumed: {@link io.mcjcache.demo.Fault}) on a local memcached cluster that the demo starts and
 * stops itself, reported as a table and an HTML chart. It uses the provider, the proxy and the testkit;
 * nothing depends on it.
 */
package io.mcjcache.demo;
