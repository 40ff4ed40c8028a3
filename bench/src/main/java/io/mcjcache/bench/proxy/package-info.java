/**
 * The local proxy's cost (docs/proxy-performance.md): get and set through the mcjcache proxy beside the same
 * requests sent straight to memcached and through twemproxy, on the same 4 nodes, with a small closed-loop
 * text-protocol load generator of its own, rounds that alternate the endpoints, per-thread CPU accounting
 * and an optional JFR profile. Nothing in the product depends on it.
 */
package io.mcjcache.bench.proxy;
