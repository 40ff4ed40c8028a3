package io.mcjcache.bench.proxy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Where the CPU of a measured window went, from Linux's {@code /proc}: every thread of this JVM (grouped by
 * name: the load's client threads, Netty's event loops, the proxy's handler executors, spymemcached's I/O
 * thread, the transport's listener and timer pools, the rest of the JVM), the memcached processes, the
 * endpoint's own process (twemproxy), and the whole machine, so that what other work took in the same
 * window shows too. Thread context switches (voluntary + involuntary) are counted per group. Without
 * {@code /proc} it measures nothing and says so.
 */
final class CpuAccounting {
  static final String CLIENT = "client threads";
  static final String LOOPS = "netty event loops";
  static final String EXECUTORS = "netty handler executors";
  static final String SPY_IO = "spymemcached I/O";
  static final String TRANSPORT_POOLS = "transport listener/timer";
  static final String JIT = "JIT compilers";
  static final String GC = "GC and VM threads";
  static final String JVM_OTHER = "other JVM threads (store probes, ...)";
  static final String BENCH = "bench main thread (accounting)";
  static final String MEMCACHED = "memcached (4 processes)";
  static final String ENDPOINT_PROCESS = "endpoint process (twemproxy, ProxyMain)";
  static final String OTHER_WORK = "other work on the machine";
  static final List<String> JVM_GROUPS = List.of(CLIENT, LOOPS, EXECUTORS, SPY_IO, TRANSPORT_POOLS, JIT, GC,
      JVM_OTHER, BENCH);

  private static final Path SELF_TASKS = Path.of("/proc/self/task");
  private static final long TICKS_PER_SECOND = ticksPerSecond();

  private final List<Long> memcachedPids;

  CpuAccounting(List<Long> memcachedPids) {
    this.memcachedPids = List.copyOf(memcachedPids);
  }

  static boolean available() {
    return Files.isDirectory(SELF_TASKS) && Files.isReadable(Path.of("/proc/stat"));
  }

  /** The group of a thread, by its name (a {@code /proc} comm is the first 15 characters of it). */
  static String group(String threadName) {
    if (threadName.startsWith("pb-client")) {
      return CLIENT;
    }
    if (threadName.startsWith("nioEventLoop")) {
      return LOOPS;
    }
    if (threadName.startsWith("defaultEventEx")) {
      return EXECUTORS;
    }
    if (threadName.startsWith("Memcached IO")) {
      return SPY_IO;
    }
    if (threadName.startsWith("mcjcache-transp")) {
      return TRANSPORT_POOLS;
    }
    if (threadName.equals("main")) {
      return BENCH;
    }
    if (threadName.startsWith("C1 CompilerThre") || threadName.startsWith("C2 CompilerThre")) {
      return JIT;
    }
    if (threadName.startsWith("GC Thread") || threadName.startsWith("G1 ") || threadName.equals("VM Thread")
        || threadName.startsWith("VM Periodic")) {
      return GC;
    }
    return JVM_OTHER;
  }

  Snapshot snapshot(List<Long> endpointPids) {
    Snapshot s = new Snapshot();
    s.nanos = System.nanoTime();
    if (!available()) {
      return s;
    }
    try (Stream<Path> tasks = Files.list(SELF_TASKS)) {
      for (Path task : tasks.toList()) {
        try {
          String text = Files.readString(task.resolve("stat"), StandardCharsets.ISO_8859_1);
          String[] stat = statFields(text);
          String comm = text.substring(text.indexOf('(') + 1, text.lastIndexOf(')'));
          long ticks = Long.parseLong(stat[11]) + Long.parseLong(stat[12]);
          long switches = switches(Files.readAllLines(task.resolve("status"), StandardCharsets.ISO_8859_1));
          s.threads.put(Long.parseLong(task.getFileName().toString()), new long[] {ticks, switches});
          s.names.put(Long.parseLong(task.getFileName().toString()), comm);
        } catch (IOException | RuntimeException gone) {
          // the thread ended while we looked
        }
      }
    } catch (IOException e) {
      return s;
    }
    s.memcachedTicks = memcachedPids.stream().mapToLong(CpuAccounting::processTicks).sum();
    s.endpointTicks = endpointPids.stream().mapToLong(CpuAccounting::processTicks).sum();
    s.jvmTicks = processTicks(ProcessHandle.current().pid());
    s.machineBusyTicks = machineBusyTicks();
    return s;
  }

  /** CPU and switches from {@code before} to {@code after}, per operation of {@code ops}. */
  static Usage between(Snapshot before, Snapshot after, long ops) {
    Map<String, Double> cpuMicrosPerOp = new LinkedHashMap<>();
    Map<String, Double> switchesPerOp = new LinkedHashMap<>();
    if (before.threads.isEmpty() || after.threads.isEmpty() || ops <= 0) {
      return new Usage(cpuMicrosPerOp, switchesPerOp, Double.NaN, Double.NaN, false);
    }
    Map<String, long[]> groups = new HashMap<>();
    for (Map.Entry<Long, long[]> thread : after.threads.entrySet()) {
      long[] earlier = before.threads.getOrDefault(thread.getKey(), new long[2]);
      long[] sum = groups.computeIfAbsent(group(after.names.get(thread.getKey())), g -> new long[2]);
      sum[0] += thread.getValue()[0] - earlier[0];
      sum[1] += thread.getValue()[1] - earlier[1];
    }
    for (String group : JVM_GROUPS) {
      long[] sum = groups.getOrDefault(group, new long[2]);
      cpuMicrosPerOp.put(group, micros(sum[0]) / ops);
      switchesPerOp.put(group, (double) sum[1] / ops);
    }
    cpuMicrosPerOp.put(MEMCACHED, micros(after.memcachedTicks - before.memcachedTicks) / ops);
    cpuMicrosPerOp.put(ENDPOINT_PROCESS, micros(after.endpointTicks - before.endpointTicks) / ops);
    long ours = (after.jvmTicks - before.jvmTicks) + (after.memcachedTicks - before.memcachedTicks)
        + (after.endpointTicks - before.endpointTicks);
    long busy = after.machineBusyTicks - before.machineBusyTicks;
    double seconds = (after.nanos - before.nanos) / 1e9;
    double otherCores = Math.max(0, busy - ours) / (double) TICKS_PER_SECOND / seconds;
    double ourCores = ours / (double) TICKS_PER_SECOND / seconds;
    cpuMicrosPerOp.put(OTHER_WORK, micros(Math.max(0, busy - ours)) / ops);
    return new Usage(cpuMicrosPerOp, switchesPerOp, ourCores, otherCores, true);
  }

  private static double micros(long ticks) {
    return ticks * 1e6 / TICKS_PER_SECOND;
  }

  /** The fields after {@code (comm)}: index 0 is the state, 11 utime, 12 stime. */
  private static String[] statFields(String stat) {
    return stat.substring(stat.lastIndexOf(')') + 2).strip().split(" ");
  }

  private static long switches(List<String> status) {
    long total = 0;
    for (String line : status) {
      if (line.startsWith("voluntary_ctxt_switches:") || line.startsWith("nonvoluntary_ctxt_switches:")) {
        total += Long.parseLong(line.substring(line.indexOf(':') + 1).strip());
      }
    }
    return total;
  }

  private static long processTicks(long pid) {
    try {
      String[] stat = statFields(Files.readString(Path.of("/proc", Long.toString(pid), "stat"),
          StandardCharsets.ISO_8859_1));
      return Long.parseLong(stat[11]) + Long.parseLong(stat[12]);
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  private static long machineBusyTicks() {
    try {
      String cpu = Files.readAllLines(Path.of("/proc/stat"), StandardCharsets.ISO_8859_1).get(0);
      String[] f = cpu.substring(3).strip().split("\\s+");
      long total = 0;
      for (int i = 0; i < Math.min(f.length, 8); i++) { // user nice system idle iowait irq softirq steal
        total += Long.parseLong(f[i]);
      }
      return total - Long.parseLong(f[3]) - Long.parseLong(f[4]);
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  private static long ticksPerSecond() {
    try {
      Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
      p.waitFor(5, TimeUnit.SECONDS);
      return Long.parseLong(out);
    } catch (IOException | RuntimeException e) {
      return 100;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 100;
    }
  }

  static final class Snapshot {
    long nanos;
    final Map<Long, long[]> threads = new HashMap<>();
    final Map<Long, String> names = new HashMap<>();
    long memcachedTicks;
    long endpointTicks;
    long jvmTicks;
    long machineBusyTicks;
  }

  /**
   * @param cpuMicrosPerOp CPU microseconds per operation, by group (JVM groups, memcached, the endpoint's
   *     process, other work)
   * @param switchesPerOp thread context switches per operation, by JVM group
   * @param ourCores cores this bench's processes used on average in the window
   * @param otherCores cores everything else on the machine used
   */
  record Usage(Map<String, Double> cpuMicrosPerOp, Map<String, Double> switchesPerOp, double ourCores,
      double otherCores, boolean measured) {}
}
