package io.mcjcache.testkit;

import java.util.stream.Collectors;

/**
 * Runs in a child JVM: starts a cluster and leaves without closing it, the way a crashing test would.
 * Mode {@code exit} leaves through System.exit (shutdown hooks run); {@code halt} through Runtime.halt
 * (no hooks: only the per-node watchdogs can clean up); {@code start} just tries to start a node
 * (used to check the missing-binary message).
 */
public final class ChildJvmCluster {
  private ChildJvmCluster() {}

  public static void main(String[] args) {
    String mode = args[0];
    MemcachedCluster cluster;
    try {
      cluster = MemcachedCluster.start(2);
    } catch (RuntimeException e) {
      System.out.println("ERROR " + e.getMessage());
      System.out.flush();
      System.exit(2);
      return;
    }
    System.out.println("PIDS " + cluster.nodes().stream().map(n -> Long.toString(n.pid()))
        .collect(Collectors.joining(" ")));
    System.out.flush();
    if (mode.equals("halt")) {
      Runtime.getRuntime().halt(3);
    }
    System.exit(3);
  }
}
