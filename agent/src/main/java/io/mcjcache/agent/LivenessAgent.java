package io.mcjcache.agent;

import io.mcjcache.EnvelopeExpiry;
import io.mcjcache.cluster.RoutedClusterStore;
import io.mcjcache.cluster.StoreException;
import io.mcjcache.config.ClusterSettings;
import io.mcjcache.proxy.ProxyArguments;
import io.mcjcache.proxy.ProxyMain;
import io.mcjcache.proxy.ProxyServer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./mcjcache agent <memcached://... URI | properties file> [--listen host:port ...]}: opens the
 * cluster's store as the host's agent and runs until it is stopped (SIGTERM or SIGINT close it cleanly; a
 * SIGKILLed agent's probe turn is released by the OS and the application processes take the probing back
 * after its heartbeat goes stale). It logs node transitions (dead, back, recovered) through
 * {@code java.util.logging}.
 *
 * <p>With {@code --listen} it also serves the local proxy (docs/proxy.md): a second store in the proxy's
 * namespace ({@code proxy.namespace}), opened as that namespace's agent too, behind a memcached-protocol
 * server. On SIGTERM the proxy stops first (requests it has read are answered), then the stores close.
 *
 * <p>Exit status: 0 after a clean stop, 2 for bad arguments or configuration (the message names the
 * problem).
 */
public final class LivenessAgent {
  /** How the line the agent prints once it runs begins (scripts and tests wait for it). */
  public static final String STARTED = "mcjcache agent: watching";

  private static final String USAGE = "usage: mcjcache agent <memcached://host:port,...?key=value... | properties"
      + " file> [" + ProxyArguments.USAGE + "]";

  private LivenessAgent() {}

  public static void main(String[] args) throws InterruptedException {
    ProxyMain.quietWireClient();
    ProxyArguments arguments;
    ClusterSettings settings;
    try {
      arguments = ProxyArguments.parse(args, null);
      if (arguments.positional().size() != 1) {
        throw new IllegalArgumentException(arguments.positional().isEmpty() ? "no cluster given"
            : "unexpected argument: " + arguments.positional().get(1));
      }
      settings = ClusterSettings.parse(toUri(arguments.positional().get(0)), null,
          LivenessAgent.class.getClassLoader());
    } catch (RuntimeException e) {
      System.err.println("mcjcache agent: " + e.getMessage());
      System.err.println(USAGE);
      System.exit(2);
      return;
    }
    if (settings.livenessFile().isNone()) {
      System.err.println("mcjcache agent: liveness.file=none: the agent shares its view with the host's "
          + "processes through the liveness file; use auto or a path");
      System.exit(2);
    }
    RoutedClusterStore store;
    try {
      store = RoutedClusterStore.openAgent(settings, EnvelopeExpiry::exptimeOf);
    } catch (StoreException e) { // the servers refuse this client, or a store or password file is unusable
      System.err.println("mcjcache agent: " + e.getMessage());
      System.exit(2);
      return;
    }
    RoutedClusterStore proxyStore = null;
    ProxyServer proxy = null;
    ClusterSettings proxySettings = null;
    if (arguments.options() != null) {
      proxySettings = ProxyMain.storeSettings(settings);
      try {
        proxyStore = ProxyMain.openStore(proxySettings, true);
      } catch (StoreException e) {
        closeAll(null, null, store);
        System.err.println("mcjcache agent: the proxy's store: " + e.getMessage());
        System.exit(2);
        return;
      }
      try {
        proxy = ProxyServer.start(proxyStore, proxySettings.namespace(), arguments.options());
      } catch (Exception e) { // Netty rethrows a failed bind's BindException unchecked-style
        closeAll(null, proxyStore, store);
        System.err.println("mcjcache agent: the proxy cannot listen on " + arguments.options().listen() + ": "
            + e.getMessage());
        System.exit(2);
        return;
      }
    }
    CountDownLatch stopped = new CountDownLatch(1);
    ProxyServer server = proxy;
    RoutedClusterStore served = proxyStore;
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      closeAll(server, served, store);
      stopped.countDown();
    }, "mcjcache-agent-stop"));
    System.out.println(STARTED + " " + settings.identity() + " every "
        + settings.healthIntervalMs() + " ms; view: " + store.figures().getLivenessView());
    if (proxy != null) {
      System.out.println(ProxyMain.startedLine(proxy, proxySettings));
    }
    System.out.flush();
    stopped.await();
  }

  /** The proxy first (it answers what it has read), then its store, then the agent's own store. */
  private static void closeAll(ProxyServer proxy, RoutedClusterStore proxyStore, RoutedClusterStore store) {
    try {
      if (proxy != null) {
        proxy.close();
      }
    } finally {
      try {
        if (proxyStore != null) {
          proxyStore.close();
        }
      } finally {
        store.close();
      }
    }
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
