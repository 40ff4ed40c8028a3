package io.mcjcache.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code ./mcjcache demo}: the failover story with live numbers. Starts a local memcached cluster,
 * runs mcjcache, four baselines, mcjcache's proxy and twemproxy (when installed) through the same
 * fail / write / delete / return schedule (a node killed and restarted, or with {@code --fault pause} hung
 * and resumed), prints a table
 * (stdout; a progress bar on stderr meanwhile) and writes an HTML chart. Exit codes: 0 done, 1 the run
 * failed (memcached missing, say), 2 bad options.
 */
public final class Demo {
  private static final String SPY_LOGGER = "net.spy.log.LoggerImpl";

  private Demo() {}

  public static void main(String[] args) {
    int status = run(args, System.out, System.err);
    if (status != 0) {
      System.exit(status);
    }
  }

  /** The command line: parses {@code args}, runs, and returns the exit code instead of exiting. */
  static int run(String[] args, PrintStream out, PrintStream err) {
    DemoOptions options;
    try {
      options = DemoOptions.parse(args);
    } catch (IllegalArgumentException e) {
      err.println("demo: " + e.getMessage());
      err.println(DemoOptions.USAGE);
      return 2;
    }
    if (options.help()) {
      out.println(DemoOptions.USAGE);
      return 0;
    }
    quietLogging();
    AtomicBoolean finished = new AtomicBoolean();
    Thread interrupted = new Thread(() -> {
      if (!finished.get()) {
        err.println("\ndemo: interrupted; stopping the memcached processes it started");
      }
    }, "demo-interrupted");
    Runtime.getRuntime().addShutdownHook(interrupted);
    try {
      execute(options, out, err);
      return 0;
    } catch (RuntimeException | IOException e) {
      err.println("demo: failed: " + e.getMessage());
      return 1;
    } finally {
      finished.set(true);
    }
  }

  /** Runs the demo, prints the table and a verdict on {@code out}, writes the chart; returns the numbers. */
  public static DemoReport execute(DemoOptions options, PrintStream out, PrintStream progress) throws IOException {
    out.printf("mcjcache demo: %d memcached nodes on loopback, %,d keys, seed %d%n", options.nodes(),
        options.keys(), options.seed());
    if (options.fault() != DemoOptions.DEFAULT_FAULT) {
      out.printf("--fault %s: %s%n", options.fault().option(), options.fault().summary());
    }
    out.println();
    DemoReport report = FailoverDemo.run(options, progress);
    out.print(ResultTable.render(report));
    out.println();
    out.println(verdict(report));
    HitRatioChart.write(report, options.out());
    out.printf("%nChart: %s%nTook %.1f s; every memcached process the demo started is stopped.%n",
        options.out().toAbsolutePath().normalize(), report.elapsed().toMillis() / 1000.0);
    return report;
  }

  private static String verdict(DemoReport report) {
    StrategyResult mcjcache = report.strategy(StrategyKind.MCJCACHE);
    StrategyResult modulo = report.strategy(StrategyKind.LIVE_MODULO);
    StringBuilder verdict = new StringBuilder(String.format(Locale.ROOT,
        "mcjcache: %s of reads hit with node %d down and %s after it came back, "
            + "%d stale reads.%nmodulo over live nodes: %s with the node down; %d stale reads after it came back.",
        ResultTable.percent(mcjcache.phase(Phase.NODE_DOWN).hitRatio()), report.victim(),
        ResultTable.percent(mcjcache.phase(Phase.NODE_BACK).hitRatio()), mcjcache.totalStale(),
        ResultTable.percent(modulo.phase(Phase.NODE_DOWN).hitRatio()), modulo.phase(Phase.NODE_BACK).stale()));
    for (StrategyKind proxy : new StrategyKind[] {StrategyKind.PROXY, StrategyKind.TWEMPROXY}) {
      if (report.ran(proxy)) {
        StrategyResult result = report.strategy(proxy);
        verdict.append(String.format(Locale.ROOT, "%n%s: %s with the node down, %s after it came back; %d stale "
            + "reads, %d resurrected deletes, %d lost acknowledged writes.", proxy.title().substring(4),
            ResultTable.percent(result.phase(Phase.NODE_DOWN).hitRatio()),
            ResultTable.percent(result.phase(Phase.NODE_BACK).hitRatio()), result.totalStale(),
            result.totalResurrected(), result.totalLost()));
      }
    }
    return verdict.toString();
  }

  /**
   * The demo reports node failures in its own table; the clients' log lines about them (spymemcached
   * reconnecting, health marking nodes dead) would only tear the progress bar.
   */
  private static void quietLogging() {
    // spymemcached's own default logger writes INFO to stderr; route it through SLF4J (slf4j-jdk14) to
    // java.util.logging unless the command line chose otherwise (must happen before its first class
    // loads). Not its SunLogger: that one builds a Throwable for every debug call, even with debug off.
    if (System.getProperty(SPY_LOGGER) == null) {
      System.setProperty(SPY_LOGGER, "net.spy.memcached.compat.log.SLF4JLogger");
    }
    Logger.getLogger("").setLevel(Level.SEVERE);
  }
}
