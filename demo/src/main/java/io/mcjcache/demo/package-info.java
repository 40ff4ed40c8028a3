/**
 * The demo behind {@code ./mcjcache demo}: mcjcache and four baseline placements put through the same
 * kill / write / restart schedule on a local memcached cluster that the demo starts and stops itself,
 * reported as a table and an HTML chart. It uses the provider and the testkit; nothing depends on it.
 */
package io.mcjcache.demo;
