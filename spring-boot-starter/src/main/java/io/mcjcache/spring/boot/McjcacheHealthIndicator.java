package io.mcjcache.spring.boot;

import io.mcjcache.MemcachedCacheManager;
import io.mcjcache.cluster.RoutedClusterStore;
import io.mcjcache.config.ClusterSettings;
import io.mcjcache.config.ServerAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * The health of the mcjcache cluster as this application sees it (actuator's {@code mcjcache} component):
 *
 * <ul>
 *   <li><b>UP</b> while at least one node serves. Every key range (the keys whose home is one node) with a
 *       serving copy, its home or, with {@code mirror=pairs}, its home's partner, is {@code coverage: full};
 *       when some range has none ({@code mirror=none} and a dead node, or both nodes of a pair dead) the status
 *       stays UP with {@code coverage: partial} and the ranges in {@code rangesWithoutCopy}. Such a cache still
 *       answers every key: the lost range's reads miss and its writes go to a live node (rehash), so the
 *       application works and refills it; and every instance sees the same cluster, so OUT_OF_SERVICE (a 503
 *       from {@code /actuator/health}) would take all of them out of a load balancer at once for a cache that
 *       only forgot a share.
 *   <li><b>DOWN</b> when no node serves: with {@code allDown=error} every cache operation fails, with
 *       {@code allDown=miss} every read misses and the application runs on its source of truth alone.
 * </ul>
 *
 * Details: {@code cluster} (the identity), {@code mirror}, {@code allDown}, {@code nodesServing} of
 * {@code nodes}, {@code coverage}, and per node its {@code address}, {@code state} and {@code since} (from the
 * router's {@code NodeStates}, the same view operations use). The indicator reads memory only, no network: the
 * health monitor's probes already decide the states, so asking the health endpoint costs the cluster nothing.
 */
public final class McjcacheHealthIndicator implements HealthIndicator {
  private final RoutedClusterStore store;
  private final ClusterSettings settings;

  public McjcacheHealthIndicator(RoutedClusterStore store, ClusterSettings settings) {
    this.store = Objects.requireNonNull(store, "store");
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /** The health of {@code manager}'s cluster. */
  public McjcacheHealthIndicator(MemcachedCacheManager manager) {
    this(manager.unwrap(RoutedClusterStore.class), manager.settings());
  }

  @Override
  public Health health() {
    List<String> lines = store.figures().getNodeStates();
    List<ServerAddress> servers = settings.servers();
    List<NodeLine> nodes = new ArrayList<>(servers.size());
    for (int i = 0; i < servers.size(); i++) {
      nodes.add(NodeLine.parse(i, i < lines.size() ? lines.get(i) : ""));
    }
    long serving = nodes.stream().filter(NodeLine::serves).count();
    List<String> uncovered = new ArrayList<>();
    for (NodeLine node : nodes) {
      if (!node.serves() && !partnerServes(nodes, node.index())) {
        uncovered.add(servers.get(node.index()).toString());
      }
    }
    Health.Builder health = serving == 0 ? Health.down() : Health.up();
    health.withDetail("cluster", settings.identity())
        .withDetail("mirror", settings.mirror().configValue())
        .withDetail("allDown", settings.allDown().configValue())
        .withDetail("nodesServing", serving)
        .withDetail("nodeCount", servers.size())
        .withDetail("coverage", uncovered.isEmpty() ? "full" : serving == 0 ? "none" : "partial");
    if (!uncovered.isEmpty()) {
      health.withDetail("rangesWithoutCopy", uncovered);
    }
    List<Map<String, Object>> nodeDetails = new ArrayList<>(nodes.size());
    for (NodeLine node : nodes) {
      Map<String, Object> detail = new LinkedHashMap<>();
      detail.put("address", servers.get(node.index()).toString());
      detail.put("state", node.state());
      detail.put("since", node.since());
      nodeDetails.add(detail);
    }
    return health.withDetail("nodes", nodeDetails).build();
  }

  /** Whether the node holding the mirror copies of {@code node}'s range serves (the router's partner rule). */
  private boolean partnerServes(List<NodeLine> nodes, int node) {
    int partner = store.router().partner(node);
    return partner >= 0 && nodes.get(partner).serves();
  }
}
