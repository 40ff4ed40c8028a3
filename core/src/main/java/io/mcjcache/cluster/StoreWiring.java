package io.mcjcache.cluster;

import io.mcjcache.config.AllDownPolicy;
import io.mcjcache.config.ClusterSettings;
import io.mcjcache.config.HashScheme;
import io.mcjcache.config.LivenessFile;
import io.mcjcache.config.Mirroring;
import io.mcjcache.config.Namespace;
import io.mcjcache.config.RejoinPolicy;
import io.mcjcache.config.ServerAddress;
import io.mcjcache.health.ClusterRecordView;
import io.mcjcache.health.HealthListener;
import io.mcjcache.health.HealthMonitor;
import io.mcjcache.health.HealthSettings;
import io.mcjcache.health.HostView;
import io.mcjcache.health.OwnView;
import io.mcjcache.health.ViewSource;
import io.mcjcache.routing.ClusterView;
import io.mcjcache.routing.HashAlgorithm;
import io.mcjcache.routing.MirrorMode;
import io.mcjcache.routing.Router;
import io.mcjcache.routing.RoutingSettings;
import io.mcjcache.transport.MemcachedTransport;
import io.mcjcache.transport.ServerAccessException;
import io.mcjcache.transport.TransportSettings;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Builds a {@link RoutedClusterStore} from a manager's settings: the one place that knows how the
 * configuration's words map onto the router, the transport, health and the episode closer, and in which
 * order they start and stop.
 */
final class StoreWiring {
  private StoreWiring() {}

  /** @param agent whether this store is the host's agent, which takes the probing over (HostView) */
  static RoutedClusterStore open(ClusterSettings settings, ValueExpiry expiry, boolean agent) {
    int nodes = settings.servers().size();
    Router router = new Router(new RoutingSettings(nodes,
        settings.mirror() == Mirroring.PAIRS ? MirrorMode.PAIRS : MirrorMode.NONE,
        settings.hash() == HashScheme.JUMP ? HashAlgorithm.JUMP : HashAlgorithm.MODULO));
    List<InetSocketAddress> addresses = settings.servers().stream().map(ServerAddress::socketAddress).toList();
    MemcachedTransport transport = openTransport(settings, addresses);
    String prefix = Namespace.prefix(settings.namespace());
    HealthSettings healthSettings = new HealthSettings(nodes, Duration.ofMillis(settings.healthIntervalMs()),
        settings.failuresToDead(), settings.successesToAlive(), Duration.ofSeconds(settings.recoveryWindowSec()),
        settings.rejoin() == RejoinPolicy.FLUSH, prefix);

    // Health calls back into the closer and the figures, which need health themselves: bound later.
    HealthEventForwarder events = new HealthEventForwarder();
    TransportNodeAccess access = new TransportNodeAccess(transport);
    HealthMonitor health = new HealthMonitor(healthSettings, access, events, Clock.systemUTC(),
        viewSource(settings, nodes, agent, access));
    RouterFigures figures = new RouterFigures(health);
    PlanExecution execution = new PlanExecution(router, transport, health, expiry, figures,
        settings.allDown() == AllDownPolicy.ERROR, new InFlightOperations());
    EpisodeCloser closer = new EpisodeCloser(execution, prefix);
    events.bind(closer, figures);
    health.start();
    RouterFiguresRegistration jmx = RouterFiguresRegistration.register(figures, settings.identity());
    return new RoutedClusterStore(execution, settings.namespace(), Duration.ofMillis(settings.opTimeoutMs()),
        settings.itemSizeLimit(), () -> {
          jmx.close();
          health.close();
          closer.close();
          transport.close();
        });
  }

  /**
   * The transport, secured as configured. Settings the servers refuse, and stores or password files that
   * cannot be used, fail here with the reason: a configuration error, before anything else starts.
   */
  private static MemcachedTransport openTransport(ClusterSettings settings, List<InetSocketAddress> addresses) {
    try {
      return new MemcachedTransport(TransportSettings.builder(addresses)
          .opTimeout(Duration.ofMillis(settings.opTimeoutMs())).itemOverheadBytes(TransportSettings.ITEM_OVERHEAD_BYTES)
          .security(SecurityWiring.of(settings.tls(), settings.auth()))
          .build());
    } catch (ServerAccessException | IllegalArgumentException e) {
      throw new StoreException(e.getMessage(), e);
    }
  }

  /**
   * The host's view (shared with the other hosts through the cluster record unless
   * {@code liveness.syncMs=0}).
   */
  private static ViewSource viewSource(ClusterSettings settings, int nodes, boolean agent, TransportNodeAccess access) {
    ViewSource host = hostView(settings, nodes, agent);
    if (settings.livenessSyncMs() == 0) {
      return host;
    }
    return new ClusterRecordView(host, access, nodes, settings.namespace(), settings.identity(),
        settings.livenessSyncMs(), settings.opTimeoutMs(), Clock.systemUTC());
  }

  /**
   * The host's shared view unless {@code liveness.file=none}; a file that cannot be made or trusted
   * leaves the process its own view, with a WARNING (HostView says which).
   */
  private static ViewSource hostView(ClusterSettings settings, int nodes, boolean agent) {
    LivenessFile file = settings.livenessFile();
    if (file.isNone()) {
      return new OwnView(ClusterView.allAlive(nodes));
    }
    Path path;
    try {
      path = file.isAuto() ? HostView.autoPath(settings.namespace(), settings.identity()) : file.path();
    } catch (IOException e) {
      System.getLogger(StoreWiring.class.getName()).log(System.Logger.Level.WARNING,
          "mcjcache: no host liveness file for " + settings.identity() + " (" + e.getMessage()
              + "); this process keeps its own view");
      return new OwnView(ClusterView.allAlive(nodes));
    }
    return HostView.open(path, nodes, settings.identity(), agent);
  }

  /**
   * Health's listener: forwards a node's return to the episode closer and failures and flushes to the
   * figures, bound to them once they exist (before probing starts), since both need health themselves.
   */
  private static final class HealthEventForwarder implements HealthListener {
    private volatile EpisodeCloser closer;
    private volatile RouterFigures figures;

    void bind(EpisodeCloser closer, RouterFigures figures) {
      this.closer = closer;
      this.figures = figures;
    }

    @Override
    public void nodeUp(int node) {
      closer.nodeReturned(node);
    }

    @Override
    public void nodeFailure(int node) {
      figures.recordNodeFailure();
    }

    @Override
    public void flushed(int node, long keys) {
      figures.recordFlushedKeys(keys);
    }
  }
}
