package io.mcjcache.bench.proxy;

import io.mcjcache.bench.QuietLogging;
import io.mcjcache.cluster.RoutedClusterStore;
import io.mcjcache.config.ClusterSettings;
import io.mcjcache.proxy.ProxyMain;
import io.mcjcache.proxy.ProxyOptions;
import io.mcjcache.proxy.ProxyServer;
import io.mcjcache.testkit.MemcachedCluster;
import io.mcjcache.testkit.MemcachedNode;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Field;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The local proxy's cost beside direct memcached and twemproxy, on the same 4 memcached nodes
 * (docs/proxy-performance.md). Each endpoint gets the same closed-loop text-protocol load ({@link LoadRun}),
 * a get row and a set row, in rounds that alternate the endpoints (A B C D A B C D ...), so slow phases of a
 * noisy machine hit every endpoint; the report gives medians over rounds with their spread.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar io.mcjcache.bench.proxy.ProxyBench [--rounds 3] [--warmup 2]
 *     [--first-warmup 4] [--seconds 4] [--threads 4] [--connections 16] [--keys 10000] [--value-bytes 100] [--rate OPS]
 *     [--pin CPUS]
 *     [--endpoints direct,proxy-none,proxy-pairs,twemproxy] [--at name=host:port]... [--cross-check SECONDS]
 *     [--profile] [--report bench/target/proxy-bench.md]
 * </pre>
 *
 * Endpoints: {@code direct} (the client hashes keys over the nodes: ketama/MD5, as twemproxy),
 * {@code proxy-none} and {@code proxy-pairs} (the mcjcache proxy in this JVM: {@link ProxyServer} over the
 * {@link RoutedClusterStore} that {@link ProxyMain#openStore} opens, mirror=none or pairs), the variants
 * {@code proxy-none-loop} and {@code proxy-pairs-loop} (the same, with the command handler moved onto Netty's
 * event loop from the outside, to measure the executor hop), {@code proxy-process} and
 * {@code proxy-process-pairs} ({@link ProxyMain} in a JVM of its own; with {@code --pin CPUS} it and twemproxy
 * run under {@code taskset -c CPUS}, for the same cores), {@code twemproxy} ({@code nutcracker}, skipped
 * with the reason when it is missing; {@code -Dmcjcache.nutcracker=} names it), and any other endpoint that
 * speaks memcached's text protocol with {@code --at name=host:port} (e.g. a ProxyMain in its own process).
 */
public final class ProxyBench {
  static final String DEFAULT_ENDPOINTS = "direct,proxy-none,proxy-pairs,twemproxy";
  static final String DEFAULT_REPORT = "bench/target/proxy-bench.md";
  static final int NODES = 4;
  static final int MEMORY_MB_PER_NODE = 128;
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
  private static final String SPY_LOGGER_PROPERTY = "net.spy.log.LoggerImpl";

  private ProxyBench() {}

  /** The command line. */
  record Options(int rounds, double warmupSeconds, double firstWarmupSeconds, double measureSeconds, int threads,
      int connections, int keys,
      int valueBytes, double rate, String pin, List<String> endpoints, Map<String, String> at, int crossCheckSeconds,
      boolean profile,
      Path report, long seed) {

    static Options parse(String[] args) {
      int rounds = 3;
      double warmup = 2;
      double firstWarmup = 4;
      double seconds = 4;
      int threads = 4;
      int connections = 16;
      int keys = 10_000;
      int valueBytes = 100;
      double rate = 0;
      String pin = null;
      String endpoints = DEFAULT_ENDPOINTS;
      Map<String, String> at = new LinkedHashMap<>();
      int crossCheck = 0;
      boolean profile = false;
      Path report = Path.of(DEFAULT_REPORT);
      long seed = 42;
      for (int i = 0; i < args.length; i++) {
        String arg = args[i];
        switch (arg) {
          case "--rounds" -> rounds = positive(arg, value(args, ++i, arg));
          case "--warmup" -> warmup = Double.parseDouble(value(args, ++i, arg));
          case "--first-warmup" -> firstWarmup = Double.parseDouble(value(args, ++i, arg));
          case "--seconds" -> seconds = Double.parseDouble(value(args, ++i, arg));
          case "--threads" -> threads = positive(arg, value(args, ++i, arg));
          case "--connections" -> connections = positive(arg, value(args, ++i, arg));
          case "--keys" -> keys = positive(arg, value(args, ++i, arg));
          case "--value-bytes" -> valueBytes = positive(arg, value(args, ++i, arg));
          case "--endpoints" -> endpoints = value(args, ++i, arg);
          case "--rate" -> rate = Double.parseDouble(value(args, ++i, arg));
          case "--pin" -> pin = value(args, ++i, arg);
          case "--at" -> {
            String spec = value(args, ++i, arg);
            int eq = spec.indexOf('=');
            if (eq <= 0) {
              throw new IllegalArgumentException("--at wants name=host:port, got '" + spec + "'");
            }
            at.put(spec.substring(0, eq), spec.substring(eq + 1));
          }
          case "--cross-check", "--memcaslap" ->
            crossCheck = Integer.parseInt(value(args, ++i, arg).replaceAll("s$", ""));
          case "--profile" -> profile = true;
          case "--report" -> report = Path.of(value(args, ++i, arg));
          case "--seed" -> seed = Long.parseLong(value(args, ++i, arg));
          case "--help", "-h" -> throw new IllegalArgumentException("usage");
          default -> throw new IllegalArgumentException("unknown argument: " + arg);
        }
      }
      if (rate < 0) {
        throw new IllegalArgumentException("--rate must be 0 (closed loop) or a number of requests per second");
      }
      if (warmup < 0 || firstWarmup < 0 || seconds <= 0) {
        throw new IllegalArgumentException("--warmup and --first-warmup must be >= 0, --seconds > 0");
      }
      List<String> list = List.of(endpoints.split(",")).stream().map(String::strip).filter(s -> !s.isEmpty())
          .toList();
      for (String name : list) {
        if (!List.of("direct", "proxy-none", "proxy-pairs", "proxy-none-loop", "proxy-pairs-loop", "proxy-process",
            "proxy-process-pairs", "twemproxy").contains(name)) {
          throw new IllegalArgumentException("unknown endpoint '" + name + "'");
        }
      }
      return new Options(rounds, warmup, Math.max(warmup, firstWarmup), seconds, threads, connections, keys, valueBytes,
          rate, pin, list, at, crossCheck,
          profile, report, seed);
    }

    String line() {
      return String.format(Locale.ROOT,
          "--rounds %d --warmup %s --first-warmup %s --seconds %s --threads %d --connections %d --keys %d --value-bytes %d"
              + "%s%s --endpoints %s%s%s%s",
          rounds, trim(warmupSeconds), trim(firstWarmupSeconds), trim(measureSeconds), threads, connections, keys,
          valueBytes, rate > 0 ? " --rate " + trim(rate) : "", pin != null ? " --pin " + pin : "",
          String.join(",", endpoints),
          at.entrySet().stream().map(e -> " --at " + e.getKey() + "=" + e.getValue()).reduce("", String::concat),
          crossCheckSeconds > 0 ? " --cross-check " + crossCheckSeconds : "", profile ? " --profile" : "");
    }

    private static String trim(double value) {
      return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    private static String value(String[] args, int index, String option) {
      if (index >= args.length) {
        throw new IllegalArgumentException(option + " needs a value");
      }
      return args[index];
    }

    private static int positive(String option, String text) {
      int value = Integer.parseInt(text);
      if (value < 1) {
        throw new IllegalArgumentException(option + " must be at least 1, got " + value);
      }
      return value;
    }
  }

  public static void main(String[] args) throws Exception {
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      if (!e.getMessage().equals("usage")) {
        System.err.println("proxy bench: " + e.getMessage());
      }
      System.err.println(
          "usage: ProxyBench [--rounds 3] [--warmup 2] [--first-warmup 4] [--seconds 4] [--threads 4] [--connections 16]"
              + " [--keys 10000] [--value-bytes 100] [--rate OPS] [--pin CPUS] [--endpoints " + DEFAULT_ENDPOINTS
              + "(,proxy-none-loop,proxy-pairs-loop,proxy-process,proxy-process-pairs)] [--at name=host:port]... [--cross-check SECONDS] [--profile]"
              + " [--report " + DEFAULT_REPORT + "] [--seed 42]");
      System.exit(2);
      return;
    }
    quietLogging();
    new ProxyBench.Run(options).execute();
    System.exit(0); // the store's and Netty's threads are daemons or closed; nothing else should hold the JVM
  }

  /**
   * java.util.logging at warnings (bench-logging.properties) and spymemcached through SLF4J (slf4j-nop here),
   * unless the command line says otherwise: spymemcached's SunLogger costs a Throwable per debug call even
   * with debug off (docs/performance.md). The shipped ProxyMain sets SunLogger: to measure that, run with
   * {@code -Dnet.spy.log.LoggerImpl=net.spy.memcached.compat.log.SunLogger}.
   */
  private static void quietLogging() {
    if (System.getProperty("java.util.logging.config.class") == null
        && System.getProperty("java.util.logging.config.file") == null) {
      new QuietLogging();
    }
    if (System.getProperty(SPY_LOGGER_PROPERTY) == null) {
      System.setProperty(SPY_LOGGER_PROPERTY, "net.spy.memcached.compat.log.SLF4JLogger");
    }
  }

  /** One run: the cluster, the endpoints, the rounds, the report. */
  private static final class Run {
    private final Options options;
    private final Instant started = Instant.now();
    private final List<String> notes = new ArrayList<>();
    private final List<String> loads = new ArrayList<>();
    private final Map<String, Endpoint> endpoints = new LinkedHashMap<>();
    private final Map<String, String> descriptions = new LinkedHashMap<>();
    private final List<ProxyReport.Measured> rows = new ArrayList<>();
    private final List<String> profiles = new ArrayList<>();
    private final List<OutsideTools.Run> outside = new ArrayList<>();
    private String twemproxyVersion = "(not run)";

    Run(Options options) {
      this.options = options;
    }

    void execute() throws Exception {
      sampleLoad("at the start");
      Keyspace keys = new Keyspace(options.keys(), options.valueBytes());
      try (MemcachedCluster cluster = MemcachedCluster.builder().nodes(NODES).memoryMb(MEMORY_MB_PER_NODE).start()) {
        List<InetSocketAddress> nodes = cluster.addresses();
        CpuAccounting cpu = new CpuAccounting(cluster.nodes().stream().map(MemcachedNode::pid).toList());
        if (!CpuAccounting.available()) {
          notes.add("No /proc: the CPU accounting is left out.");
        }
        try {
          startEndpoints(cluster, keys);
          preload(nodes, keys);
          for (int round = 1; round <= options.rounds(); round++) {
            for (Map.Entry<String, Endpoint> endpoint : endpoints.entrySet()) {
              measure(endpoint.getKey(), endpoint.getValue(), keys, round, cpu, null);
            }
            sampleLoad("after round " + round);
          }
          if (options.profile()) {
            profileRound(keys, cpu);
          }
          if (options.crossCheckSeconds() > 0) {
            crossCheck();
          }
        } finally {
          endpoints.values().forEach(Endpoint::close);
        }
      }
      writeReport();
    }

    private void startEndpoints(MemcachedCluster cluster, Keyspace keys) {
      for (String name : options.endpoints()) {
        try {
          switch (name) {
            case "direct" -> add(name, new Endpoint.Direct(cluster.addresses(), keys));
            case "proxy-none" -> add(name, proxy(cluster, name, "none", false));
            case "proxy-pairs" -> add(name, proxy(cluster, name, "pairs", false));
            case "proxy-none-loop" -> add(name, proxy(cluster, name, "none", true));
            case "proxy-pairs-loop" -> add(name, proxy(cluster, name, "pairs", true));
            case "proxy-process", "proxy-process-pairs" -> {
              String mirror = name.endsWith("pairs") ? "pairs" : "none";
              ProxyProcess process = ProxyProcess.start(cluster.uri() + "?mirror=" + mirror + "&proxy.namespace=pb-"
                  + name.substring("proxy-".length()), options.pin());
              add(name, new Endpoint.AtAddress(name, "ProxyMain in a JVM of its own (" + process.command()
                  + "), mirror=" + mirror + "; its CPU is the endpoint process column", process.address(), process,
                  List.of(process.pid())));
            }
            case "twemproxy" -> {
              Optional<Path> binary = Twemproxy.binary();
              if (binary.isEmpty()) {
                skip(name, Twemproxy.missing());
              } else {
                Twemproxy twemproxy = Twemproxy.start(binary.get(), cluster.addresses(), options.pin());
                twemproxyVersion = twemproxy.version();
                add(name, new Endpoint.AtAddress(name, "`" + binary.get() + "` (" + twemproxy.version()
                    + ") as a child process" + (options.pin() == null ? "" : " under taskset -c " + options.pin())
                    + ": ketama, md5, auto_eject_hosts true, timeout " + Twemproxy.TIMEOUT_MS
                    + " ms, server_connections 1, servers named node0..node" + (NODES - 1) + " (config: "
                    + "Twemproxy.SETTINGS)", twemproxy.address(), twemproxy, List.of(twemproxy.pid())));
              }
            }
            default -> throw new IllegalArgumentException(name);
          }
        } catch (RuntimeException | ReflectiveOperationException | InterruptedException e) {
          skip(name, "could not start: " + e);
        }
      }
      for (Map.Entry<String, String> at : options.at().entrySet()) {
        add(at.getKey(), new Endpoint.AtAddress(at.getKey(), "an endpoint started outside the bench at "
            + at.getValue() + " (its CPU is not accounted)", ProxyOptions.address(at.getValue()), null, List.of()));
      }
    }

    private void add(String name, Endpoint endpoint) {
      endpoints.put(name, endpoint);
      descriptions.put(name, endpoint.description());
    }

    private void skip(String name, String reason) {
      String line = "`" + name + "` skipped: " + reason;
      notes.add(line);
      System.out.println("proxy bench: " + line);
    }

    /**
     * The mcjcache proxy in this JVM, as ProxyMain opens it (its storeSettings and openStore, not as the
     * host's agent), in a namespace of its own per variant; with {@code onLoop} the handler runs on the event
     * loop.
     */
    private Endpoint proxy(MemcachedCluster cluster, String name, String mirror, boolean onLoop)
        throws InterruptedException, ReflectiveOperationException {
      String namespace = "pb-" + name.substring("proxy-".length());
      ClusterSettings settings = ProxyMain.storeSettings(ClusterSettings.parse(
          URI.create(cluster.uri() + "?mirror=" + mirror + "&proxy.namespace=" + namespace), new Properties(),
          ProxyBench.class.getClassLoader()));
      RoutedClusterStore store = ProxyMain.openStore(settings, false);
      ProxyServer server;
      try {
        server = ProxyServer.start(store, settings.namespace(), new InetSocketAddress(LOOPBACK, 0));
      } catch (InterruptedException | RuntimeException e) {
        store.close();
        throw e;
      }
      AutoCloseable restore = () -> {};
      String description = "mcjcache proxy in this JVM (ProxyServer over ProxyMain.openStore(storeSettings(...))),"
          + " mirror=" + mirror + ", namespace " + settings.namespace() + ", every other setting at its default"
          + " (hash=modulo, opTimeoutMs=500); handler on Netty's DefaultEventExecutorGroup";
      if (onLoop) {
        try {
          restore = handlerOnEventLoop(server);
        } catch (ReflectiveOperationException | RuntimeException e) {
          server.close();
          store.close();
          throw e;
        }
        description = "as proxy-" + mirror + ", but the command handler runs on the connection's Netty event loop"
            + " (ProxyServer's private handler group replaced by null from the outside, by reflection): a"
            + " measurement variant with blocked event loops, not a design";
      }
      AutoCloseable undo = restore;
      return new Endpoint.AtAddress(name, description, server.address(), () -> {
        try {
          undo.close();
          server.close();
        } finally {
          store.close();
        }
      }, List.of());
    }

    /**
     * Makes {@code server} add its command handler without an executor group, so that Netty runs it on the
     * connection's event loop (the pipeline reads the field when a connection arrives). Returns what puts the
     * group back, which must run before the server is closed (close shuts the group down).
     */
    private static AutoCloseable handlerOnEventLoop(ProxyServer server) throws ReflectiveOperationException {
      Field field = ProxyServer.class.getDeclaredField("handlers");
      field.setAccessible(true);
      Object group = field.get(server);
      field.set(server, null);
      return () -> field.set(server, group);
    }

    /**
     * Loads every key: directly (always; it is also the check of the ketama ring), then through each endpoint
     * that keeps its own items (the proxies, --at); twemproxy is only read through, and must find every key
     * the direct load wrote, else the rings differ and it is loaded itself.
     */
    private void preload(List<InetSocketAddress> nodes, Keyspace keys) throws Exception {
      long t0 = System.nanoTime();
      long wrong = load(new Endpoint.Direct(nodes, keys), keys, true);
      if (wrong > 0) {
        throw new IllegalStateException(wrong + " keys could not be written directly to memcached");
      }
      for (Map.Entry<String, Endpoint> e : endpoints.entrySet()) {
        String name = e.getKey();
        if (name.equals("direct")) {
          continue;
        }
        if (name.equals("twemproxy")) {
          long missing = load(e.getValue(), keys, false);
          String check = "ketama check: " + (keys.size() - missing) + " of " + keys.size()
              + " keys written directly (client-side ketama/MD5) were read back through twemproxy";
          notes.add(check);
          System.out.println("proxy bench: " + check);
          if (missing > 0) {
            load(e.getValue(), keys, true);
          }
          continue;
        }
        long failed = load(e.getValue(), keys, true);
        if (failed > 0) {
          throw new IllegalStateException(failed + " keys could not be written through " + name);
        }
        long unread = load(e.getValue(), keys, false);
        if (unread > 0) {
          throw new IllegalStateException(unread + " keys written through " + name + " did not read back");
        }
      }
      System.out.printf(Locale.ROOT, "proxy bench: %d keys of %d bytes loaded in %.1f s%n", keys.size(),
          options.valueBytes(), (System.nanoTime() - t0) / 1e9);
    }

    /** Sets (or gets and checks) every key through {@code endpoint} on 8 connections; returns the wrong answers. */
    private static long load(Endpoint endpoint, Keyspace keys, boolean write) throws Exception {
      int parallel = 8;
      ExecutorService pool = Executors.newFixedThreadPool(parallel);
      try {
        List<Future<Long>> parts = new ArrayList<>();
        for (int t = 0; t < parallel; t++) {
          int first = t;
          parts.add(pool.submit(() -> {
            long wrong = 0;
            try (TextConnection connection = endpoint.connect(keys)) {
              for (int key = first; key < keys.size(); key += parallel) {
                connection.send(!write, key);
                if (connection.receive() != null) {
                  wrong++;
                }
              }
            }
            return wrong;
          }));
        }
        long wrong = 0;
        for (Future<Long> part : parts) {
          wrong += part.get();
        }
        return wrong;
      } finally {
        pool.shutdownNow();
      }
    }

    /** The get row, then the set row, of one endpoint in one round, on fresh connections. */
    private void measure(String name, Endpoint endpoint, Keyspace keys, int round, CpuAccounting cpu,
        Path profileDirectory) {
      List<TextConnection> connections = new ArrayList<>();
      try {
        for (int c = 0; c < options.connections(); c++) {
          connections.add(endpoint.connect(keys));
        }
        for (String operation : List.of("get", "set")) {
          long seed = options.seed() * 31 + round * 2L + (operation.equals("get") ? 0 : 1);
          JfrProfile profile = profileDirectory == null ? null
              : JfrProfile.start(profileDirectory.resolve("proxy-bench-" + name + "-" + operation + ".jfr"));
          LoadRun.Result result;
          try {
            double warmup = round == 1 ? options.firstWarmupSeconds() : options.warmupSeconds();
            result = LoadRun.run(connections, operation.equals("get"), keys, options.threads(), options.rate(), warmup,
                options.measureSeconds(), seed, cpu, endpoint.processes());
            if (profile != null) {
              profiles.add(profile.stopAndSummarise(name + " " + operation));
            }
          } finally {
            if (profile != null) {
              profile.close();
            }
          }
          String label = profile == null ? "round " + round + "/" + options.rounds() : "profile round";
          System.out.printf(Locale.ROOT,
              "%-14s %-16s %-3s %,9.0f ops/s  p50 %6.0f µs  p99 %6.0f µs  p99.9 %6.0f µs  errors %d"
                  + "  other work %.2f cores%n",
              label, name, operation, result.opsPerSecond(), result.micros(0.5), result.micros(0.99),
              result.micros(0.999), result.errors(), result.usage().otherCores());
          if (profile == null) {
            rows.add(new ProxyReport.Measured(name, operation, round, result));
          }
        }
      } catch (IOException e) {
        String line = name + " in round " + round + " failed: " + e.getMessage();
        notes.add(line);
        System.out.println("proxy bench: " + line);
      } finally {
        connections.forEach(TextConnection::close);
      }
    }

    /** One more round of the proxy endpoints under JFR; its figures are not in the tables. */
    private void profileRound(Keyspace keys, CpuAccounting cpu) throws IOException {
      Path directory = options.report().toAbsolutePath().getParent();
      Files.createDirectories(directory);
      for (Map.Entry<String, Endpoint> endpoint : endpoints.entrySet()) {
        if (endpoint.getKey().startsWith("proxy")) {
          measure(endpoint.getKey(), endpoint.getValue(), keys, options.rounds() + 1, cpu, directory);
        }
      }
    }

    /**
     * memcaslap for the cross-check's seconds against every endpoint, then memcslap's get and set tests, each
     * sized from this run's median throughput of the endpoint to last about as long.
     */
    private void crossCheck() {
      int seconds = options.crossCheckSeconds();
      Optional<Path> memcaslap = OutsideTools.memcaslap();
      if (memcaslap.isEmpty()) {
        notes
            .add("memcaslap not found (PATH, or -D" + OutsideTools.MEMCASLAP_PROPERTY + "=): no memcaslap cross-check");
      }
      Optional<Path> memcslap = OutsideTools.memcslap();
      if (memcslap.isEmpty()) {
        notes.add("memcslap not found (PATH, or -D" + OutsideTools.MEMCSLAP_PROPERTY + "=): no memcslap cross-check");
      }
      for (Map.Entry<String, Endpoint> endpoint : endpoints.entrySet()) {
        List<InetSocketAddress> addresses = endpoint.getValue().addresses();
        if (memcaslap.isPresent()) {
          report(OutsideTools.memcaslap(memcaslap.get(), endpoint.getKey(), addresses, seconds, 2,
              options.connections(), options.valueBytes()));
        }
        if (memcslap.isPresent()) {
          for (String test : List.of("get", "set")) {
            double rate = ProxyReport.median(rows.stream()
                .filter(r -> r.endpoint().equals(endpoint.getKey()) && r.operation().equals(test))
                .mapToDouble(r -> r.result().opsPerSecond()).toArray());
            int perThread = Double.isNaN(rate) ? 2_000
                : (int) Math.max(500, Math.min(100_000, rate * seconds / options.connections()));
            report(OutsideTools.memcslap(memcslap.get(), endpoint.getKey(), addresses, test, options.connections(),
                perThread));
          }
        }
      }
    }

    private void report(OutsideTools.Run run) {
      outside.add(run);
      System.out.printf(Locale.ROOT, "%-14s %-16s %-18s %s%n", run.tool(), run.endpoint(), run.operation(),
          run.failure() != null && run.opsPerSecond() == 0 ? run.failure()
              : String.format(Locale.ROOT, "%,.0f ops/s%s", run.opsPerSecond(),
                  run.failure() == null ? "" : " (" + run.failure() + ")"));
    }

    private void sampleLoad(String label) {
      double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
      loads.add(label + " " + (load < 0 ? "unknown" : String.format(Locale.ROOT, "%.2f", load)));
    }

    private void writeReport() throws IOException {
      ProxyReport report = new ProxyReport(List.copyOf(endpoints.keySet()), rows, options.rate() > 0);
      Duration took = Duration.between(started, Instant.now());
      StringBuilder out = new StringBuilder()
          .append("### Proxy bench, ").append(started).append("\n\n")
          .append("`ProxyBench ").append(options.line()).append("`\n\n")
          .append("#### Machine and run\n\n")
          .append("- CPUs: ").append(Runtime.getRuntime().availableProcessors())
          .append(", shared by the client threads, the in-process proxy (same JVM), twemproxy, the 4 memcached"
              + " processes and whatever else runs\n")
          .append("- Java: ").append(System.getProperty("java.vm.name")).append(' ')
          .append(System.getProperty("java.runtime.version")).append("; OS: ").append(System.getProperty("os.name"))
          .append(' ').append(System.getProperty("os.version")).append('\n')
          .append("- memcached: ").append(firstLine("memcached", "-V")).append(" (").append(NODES).append(" nodes, ")
          .append(MEMORY_MB_PER_NODE).append(" MB, 2 worker threads each); twemproxy: ").append(twemproxyVersion)
          .append('\n')
          .append("- spymemcached logger in the proxy: ").append(System.getProperty(SPY_LOGGER_PROPERTY)).append('\n')
          .append("- load: ").append(options.rate() > 0
              ? "open loop at " + Options.trim(options.rate()) + " requests/s in all, " + options.connections()
                  + " connections, each on a thread of its own sending on a fixed schedule (latency from the"
                  + " intended send time); "
              : "closed loop, " + options.threads() + " client threads, " + options.connections()
                  + " connections, one request outstanding on each; ")
          .append(options.keys()).append(" keys, ")
          .append(options.valueBytes()).append("-byte values, uniform; per round and endpoint a get row then a set"
              + " row, each ")
          .append(Options.trim(options.warmupSeconds())).append(" s warm-up (round 1: ")
          .append(Options.trim(options.firstWarmupSeconds())).append(" s, for the JIT) + ")
          .append(Options.trim(options.measureSeconds())).append(" s measured; ").append(options.rounds())
          .append(" rounds\n")
          .append("- 1-minute load average: ").append(String.join(", ", loads)).append('\n')
          .append("- took ").append(took.toMinutes()).append(" min ").append(took.toSecondsPart()).append(" s\n\n")
          .append("#### Endpoints\n\n").append(ProxyReport.legend(descriptions)).append('\n');
      if (!notes.isEmpty()) {
        out.append("Notes:\n\n");
        notes.forEach(n -> out.append("- ").append(n).append('\n'));
        out.append('\n');
      }
      out.append("#### Results (medians over rounds)\n\n").append(report.mainTable()).append('\n')
          .append("Latencies are per request, from its write to the last byte of its answer, in µs; \"added p99\""
              + " is the row's p99 minus direct's p99 in the same round (median and range over rounds). \"within"
              + " noise\": the two rows' ranges over rounds overlap.\n\n")
          .append("#### Against the goals\n\n").append(report.goals()).append('\n')
          .append("#### Where the CPU went (µs of CPU per operation, median over rounds)\n\n")
          .append(report.cpuTable()).append('\n')
          .append("#### Context switches per operation, by JVM thread group (median over rounds)\n\n")
          .append(report.switchTable()).append('\n')
          .append("#### Every round (ops/s, p99 µs)\n\n").append(report.roundsTable()).append('\n');
      String errors = report.errors();
      out.append("#### Wrong answers\n\n").append(errors.isEmpty() ? "None: every answer was checked.\n" : errors)
          .append('\n');
      if (!outside.isEmpty()) {
        out.append("#### Cross-check with memcaslap and memcslap (libmemcached-tools)\n\n")
            .append("After the rounds, one run of each per endpoint (`-s` lists the endpoint's address, for direct"
                + " all nodes). memcaslap: its default mix (90% get, 10% set), ")
            .append(options.valueBytes()).append("-byte values, 2 threads, ").append(options.connections())
            .append(" concurrent requests; memcslap: ").append(options.connections())
            .append(" blocking threads, a get and a set test sized to last about ").append(options.crossCheckSeconds())
            .append(" s, values of random length (up to a few KB).\n\n")
            .append(ProxyReport.outsideTable(outside)).append('\n');
      }
      if (!profiles.isEmpty()) {
        out.append("#### Profile (JFR, one extra round of the proxy rows, not in the tables above)\n\n");
        profiles.forEach(out::append);
      }
      String text = out.toString();
      Path file = options.report();
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(file, text, StandardCharsets.UTF_8);
      System.out.println();
      System.out.println(text);
      System.out.println("report written to " + file.toAbsolutePath());
    }

    private static String firstLine(String... command) {
      try {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        process.waitFor(5, TimeUnit.SECONDS);
        return output.lines().findFirst().orElse("(no output)");
      } catch (IOException e) {
        return "(not found)";
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return "(interrupted)";
      }
    }
  }
}
