/**
 * What the integration tests share: a memcached cluster's configuration written as the files frameworks
 * are pointed at ({@link io.mcjcache.integration.ClusterConfigFile}), and client programs run in child
 * JVMs of their own ({@link io.mcjcache.integration.ClientProcess}). Depends on the testkit and the
 * provider's public names only, never on provider internals.
 */
package io.mcjcache.integration;
