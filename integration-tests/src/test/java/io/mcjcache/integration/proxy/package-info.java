/** The local proxy served by the host's agent, as a real child JVM (docs/proxy.md). */
package io.mcjcache.integration.proxy;
