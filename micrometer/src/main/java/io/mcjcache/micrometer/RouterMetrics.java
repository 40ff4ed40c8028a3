package io.mcjcache.micrometer;

import io.mcjcache.cluster.RoutedClusterStore;
import io.mcjcache.cluster.RouterFigures;
import io.mcjcache.config.ClusterSettings;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.List;
import java.util.Objects;
import javax.cache.CacheManager;

/**
 * The router figures of one mcjcache store ({@code RouterFiguresMXBean}, docs/operations.md) as Micrometer
 * meters, so that they reach the monitoring system an application already has instead of only JMX:
 *
 * <ul>
 *   <li>{@code mcjcache.router.<figure>}: a {@link FunctionCounter} per monotonic figure ({@code operations},
 *       {@code node.failures}, {@code failovers}, {@code fallback.hits}, {@code read.repairs},
 *       {@code flushes}...), read from the figures when the registry publishes, so a cache operation costs
 *       nothing more than the figure it already counts;
 *   <li>{@code mcjcache.router.nodes}: a gauge per node state ({@code state=alive|recovering|returning|dead}),
 *       how many nodes are in it now, from the liveness view operations use.
 * </ul>
 *
 * Every meter is tagged {@code cluster} (the settings' identity, {@code <namespace>@<servers>}, the same text
 * as the JMX name's) and {@code namespace}, so that several managers in one application stay apart. The
 * meters hold the store weakly, as Micrometer's function meters do: a closed and forgotten manager does not
 * stay in memory because a registry still lists it.
 */
public final class RouterMetrics implements MeterBinder {
  /** The prefix of every meter name. */
  public static final String PREFIX = "mcjcache.router.";
  /** The gauge of node counts by state. */
  public static final String NODES = PREFIX + "nodes";

  private final RoutedClusterStore store;
  private final Tags tags;

  /**
   * The meters of {@code store}, whose settings are {@code settings} (they give the tags).
   *
   * @param extraTags added to every meter, e.g. the application's name
   */
  public RouterMetrics(RoutedClusterStore store, ClusterSettings settings, Iterable<Tag> extraTags) {
    this.store = Objects.requireNonNull(store, "store");
    Objects.requireNonNull(settings, "settings");
    this.tags = Tags.of("cluster", settings.identity(), "namespace", settings.namespace()).and(extraTags);
  }

  /** The meters of {@code store} with the tags {@code cluster} and {@code namespace} only. */
  public RouterMetrics(RoutedClusterStore store, ClusterSettings settings) {
    this(store, settings, List.of());
  }

  /**
   * The meters of a mcjcache {@link CacheManager}. Its store comes from {@code unwrap}; its settings are read
   * again from the manager's URI and properties with the parser the manager used, so this module needs only
   * the core and the JCache API, not the provider.
   *
   * @throws IllegalArgumentException when {@code manager} is not a mcjcache manager
   */
  public static RouterMetrics of(CacheManager manager, Iterable<Tag> extraTags) {
    Objects.requireNonNull(manager, "manager");
    RoutedClusterStore store;
    try {
      store = manager.unwrap(RoutedClusterStore.class);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("mcjcache: " + manager + " is not a mcjcache CacheManager with a routed"
          + " store (io.mcjcache.MemcachedCachingProvider), so it has no router figures", e);
    }
    ClusterSettings settings = ClusterSettings.parse(manager.getURI(), manager.getProperties(),
        manager.getClassLoader());
    return new RouterMetrics(store, settings, extraTags);
  }

  /** {@link #of(CacheManager, Iterable)} without extra tags. */
  public static RouterMetrics of(CacheManager manager) {
    return of(manager, List.of());
  }

  /** The tags every meter of this binder carries. */
  public Tags tags() {
    return tags;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    RouterFigures figures = store.figures();
    for (RouterCounter counter : RouterCounter.values()) {
      FunctionCounter.builder(counter.meterName(), figures, counter::read)
          .description(counter.description())
          .baseUnit(counter.baseUnit())
          .tags(tags)
          .register(registry);
    }
    for (NodeState state : NodeState.values()) {
      Gauge.builder(NODES, store, s -> state.count(s.view()))
          .description("Nodes of the cluster in this state now (docs/operations.md, node states)")
          .baseUnit("nodes")
          .tags(tags)
          .tag("state", state.tagValue())
          .register(registry);
    }
  }
}
