package io.mcjcache.testkit;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The last line of defence against leaked memcached processes: a JVM shutdown hook kills every
 * process this JVM started and has not stopped yet. (A JVM that dies without running hooks is covered
 * by each node's watchdog process; see {@link MemcachedNode}.)
 *
 * <p>This is the testkit's one piece of JVM-wide state, on purpose: a shutdown hook is JVM-wide.
 */
final class ProcessReaper {
  private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(ProcessReaper::killAll, "memcached-reaper"));
  }

  private ProcessReaper() {}

  static void register(Process process) {
    LIVE.add(process);
  }

  static void unregister(Process process) {
    LIVE.remove(process);
  }

  private static void killAll() {
    for (Process process : LIVE) {
      process.destroyForcibly();
    }
  }
}
