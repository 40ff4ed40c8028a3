package io.mcjcache.testkit;

import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension giving a test class one memcached cluster for all its tests, as tests that do not
 * kill nodes should share one. Register it as a static field:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final MemcachedClusterExtension CLUSTER = MemcachedClusterExtension.withNodes(4);
 * ... CLUSTER.cluster().uri() ...
 * }</pre>
 *
 * After each test every killed or paused node is brought back ({@link MemcachedCluster#healAll()}),
 * so one test's faults do not leak into the next; the cluster is stopped after the class, pass or fail.
 */
public final class MemcachedClusterExtension implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {
  private final MemcachedCluster.Builder builder;
  private volatile MemcachedCluster cluster;

  private MemcachedClusterExtension(MemcachedCluster.Builder builder) {
    this.builder = builder;
  }

  public static MemcachedClusterExtension withNodes(int nodes) {
    return new MemcachedClusterExtension(MemcachedCluster.builder().nodes(nodes));
  }

  /** For other settings: {@code withNodes(2).configure(b -> b.itemSizeLimitBytes(64 * 1024))}. */
  public MemcachedClusterExtension configure(Consumer<MemcachedCluster.Builder> settings) {
    settings.accept(builder);
    return this;
  }

  /** The running cluster; only valid between the class's start and end. */
  public MemcachedCluster cluster() {
    MemcachedCluster running = cluster;
    if (running == null) {
      throw new IllegalStateException("the cluster is not running: register the extension on a static "
          + "field with @RegisterExtension and use it from tests, not from field initialisers");
    }
    return running;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    cluster = builder.start();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    MemcachedCluster running = cluster;
    if (running != null) {
      running.healAll();
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    MemcachedCluster running = cluster;
    cluster = null;
    if (running != null) {
      running.close();
    }
  }
}
