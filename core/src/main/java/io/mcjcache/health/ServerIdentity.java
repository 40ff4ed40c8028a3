package io.mcjcache.health;

import java.util.Map;

/**
 * Which process answers on a node's address, from its {@code stats}: a node that comes back with the
 * same pid and a larger uptime never restarted (it was hung or cut off) and may hold superseded values.
 */
record ServerIdentity(long pid, long uptimeSeconds) {

  static ServerIdentity fromStats(Map<String, String> stats) {
    String pid = stats.get("pid");
    String uptime = stats.get("uptime");
    if (pid == null || uptime == null) {
      throw new IllegalArgumentException("stats without pid/uptime: " + stats.keySet());
    }
    return new ServerIdentity(Long.parseLong(pid), Long.parseLong(uptime));
  }

  /** Whether {@code later} is a new process, not this one resumed. */
  boolean restartedAs(ServerIdentity later) {
    return later.pid != pid || later.uptimeSeconds < uptimeSeconds;
  }
}
