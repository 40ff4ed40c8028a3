/**
 * The host's one mcjcache process ({@code ./mcjcache agent}): it probes the cluster out of band and keeps
 * the host's liveness file current, so that application processes neither probe nor flush themselves
 * while it runs (docs/operations.md, "The agent"); with {@code --listen} it serves the local proxy
 * (docs/proxy.md). It is built from the same cluster store as the JCache provider and reads the caches'
 * value envelopes through the provider's codec, but it must not depend on the JCache API.
 */
package io.mcjcache.agent;
