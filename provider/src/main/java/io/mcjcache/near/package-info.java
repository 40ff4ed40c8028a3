/**
 * The near cache: one cache's hot items (encoded value envelopes, as the servers hold them) kept in this
 * JVM for at most {@code nearCache.ttlMs}, in front of the shared {@code io.mcjcache.cluster.ClusterStore},
 * and kept exact for this JVM's own writes.
 *
 * <p>Depends on the {@code ClusterStore} interface, the near cache settings and Caffeine only: it knows
 * nothing of JCache, envelopes or serialization (expiry is checked by the JCache layer on every hit).
 */
package io.mcjcache.near;
