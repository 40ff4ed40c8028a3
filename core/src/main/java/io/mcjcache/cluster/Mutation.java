package io.mcjcache.cluster;

/**
 * The decision step of {@link ClusterStore#update}: given the owner node's current value ({@code null}
 * when absent), say what to store. May run several times under contention; must not have side effects.
 */
@FunctionalInterface
public interface Mutation<R> {
  Decision<R> decide(byte[] current);
}
