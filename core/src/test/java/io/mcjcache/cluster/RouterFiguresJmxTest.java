package io.mcjcache.cluster;

import static io.mcjcache.cluster.StoreFixture.awaitDead;
import static io.mcjcache.cluster.StoreFixture.value;
import static org.assertj.core.api.Assertions.assertThat;

import io.mcjcache.testkit.MemcachedClusterExtension;
import java.lang.management.ManagementFactory;
import java.util.Set;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Operators read the router's figures and node states over JMX while the store lives, and not after. */
class RouterFiguresJmxTest {
  @RegisterExtension
  static final MemcachedClusterExtension CLUSTER = MemcachedClusterExtension.withNodes(2);

  @Test
  void figuresAndNodeStatesAreReadableOverJmx() throws Exception {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    ObjectName pattern = new ObjectName("io.mcjcache:type=Router,*");
    Set<ObjectName> before = server.queryNames(pattern, null);
    ObjectName name;
    try (RoutedClusterStore store = StoreFixture.open(CLUSTER.cluster(), "namespace=jmx")) {
      Set<ObjectName> names = server.queryNames(pattern, null);
      names.removeAll(before);
      assertThat(names).hasSize(1);
      name = names.iterator().next();
      assertThat(name.getKeyProperty("cluster")).contains("jmx@");

      store.put("jmx:c:k", value("v"), 0);
      store.get("jmx:c:k");
      assertThat((Long) server.getAttribute(name, "Operations")).isEqualTo(2);

      CLUSTER.cluster().node(1).kill();
      awaitDead(store, 1);
      String[] states = (String[]) server.getAttribute(name, "NodeStates");
      assertThat(states[1]).startsWith("1 DEAD");
      assertThat(states[0]).startsWith("0 ALIVE");
      assertThat((Long) server.getAttribute(name, "NodeFailures")).isPositive();
    }
    assertThat(server.isRegistered(name)).isFalse();
  }
}
