/**
 * JCache management: the statistics counters of a cache, its configuration MXBean, and their
 * registration in the platform MBeanServer under the names the JCache spec and TCK use.
 *
 * <p>Depends only on the {@code javax.cache} API and JMX; the cache records what it did, this package
 * never looks at the cluster, and it holds no state beyond the beans it is handed.
 */
package io.mcjcache.management;
