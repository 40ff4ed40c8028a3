package io.mcjcache.agent;

import io.mcjcache.EnvelopeExpiry;
import io.mcjcache.cluster.RoutedClusterStore;
import io.mcjcache.config.ClusterSettings;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code ./mcjcache agent <memcached://... URI | properties file>}: opens the cluster's store as the host's
 * agent and runs until it is stopped (SIGTERM or SIGINT close it cleanly; a SIGKILLed agent's probe turn
 * is released by the OS and the application processes take the probing back after its heartbeat goes
 * stale). It logs node transitions (dead, back, recovered) through {@code java.util.logging}.
 *
 * <p>Exit status: 0 after a clean stop, 2 for bad arguments or configuration (the message names the
 * problem).
 */
public final class LivenessAgent {
  private LivenessAgent() {}

  /** How the line the agent prints once it runs begins (scripts and tests wait for it). */
  public static final String STARTED = "mcjcache agent: watching";

  public static void main(String[] args) throws InterruptedException {
    quietWireClient();
    if (args.length != 1) {
      System.err.println("usage: mcjcache agent <memcached://host:port,...?key=value... | properties file>");
      System.exit(2);
    }
    ClusterSettings settings;
    try {
      settings = ClusterSettings.parse(toUri(args[0]), null, LivenessAgent.class.getClassLoader());
    } catch (RuntimeException e) {
      System.err.println("mcjcache agent: " + e.getMessage());
      System.exit(2);
      return;
    }
    if (settings.livenessFile().isNone()) {
      System.err.println("mcjcache agent: liveness.file=none: the agent shares its view with the host's "
          + "processes through the liveness file; use auto or a path");
      System.exit(2);
    }
    RoutedClusterStore store = RoutedClusterStore.openAgent(settings, EnvelopeExpiry::exptimeOf);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      store.close();
      stopped.countDown();
    }, "mcjcache-agent-stop"));
    System.out.println(STARTED + " " + settings.identity() + " every "
        + settings.healthIntervalMs() + " ms; view: " + store.figures().getLivenessView());
    System.out.flush();
    stopped.await();
  }

  /**
   * spymemcached logs every connection at INFO through its own logger unless told otherwise; the agent
   * logs what operators need (node transitions) and keeps the wire client to warnings.
   */
  private static void quietWireClient() {
    if (System.getProperty("net.spy.log.LoggerImpl") == null) {
      System.setProperty("net.spy.log.LoggerImpl", "net.spy.memcached.compat.log.SunLogger");
    }
    Logger.getLogger("net.spy.memcached").setLevel(Level.WARNING);
  }

  /** A {@code memcached:}, {@code file:}, {@code classpath:} or {@code jar:} URI, or a path to a properties file. */
  static URI toUri(String argument) {
    if (argument.matches("^(memcached|file|classpath|jar):.*")) {
      return URI.create(argument);
    }
    Path path = Path.of(argument).toAbsolutePath();
    if (!Files.isRegularFile(path)) {
      throw new IllegalArgumentException("'" + argument + "' is neither a memcached:// URI nor a properties file");
    }
    return path.toUri();
  }
}
