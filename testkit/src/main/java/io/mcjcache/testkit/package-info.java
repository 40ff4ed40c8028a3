/**
 * Real memcached processes for tests: start a cluster on free loopback ports and inject faults
 * (SIGKILL, SIGSTOP/SIGCONT, restart) for real.
 *
 * <p>Depends on nothing of mcjcache: users may start clusters for their own tests. JUnit is needed only
 * by {@link io.mcjcache.testkit.MemcachedClusterExtension}.
 */
package io.mcjcache.testkit;
