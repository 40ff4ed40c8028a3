/**
 * JCache expiry policies turned into absolute expiry times in epoch milliseconds, the form the value
 * envelope carries. Knows nothing of memcached, the cluster or serialization.
 */
package io.mcjcache.expiry;
