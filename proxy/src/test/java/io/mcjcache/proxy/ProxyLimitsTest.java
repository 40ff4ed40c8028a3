package io.mcjcache.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcjcache.testkit.MemcachedClusterExtension;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The proxy's operating limits and figures: a connection over {@code --max-connections} gets memcached's
 * answer and is closed while the others keep working; an idle connection is closed after
 * {@code --idle-timeout}; {@code stats} and JMX show the proxy's and the router's figures; bad flags are
 * errors that name them.
 */
class ProxyLimitsTest {
  @RegisterExtension
  static final MemcachedClusterExtension CLUSTER = MemcachedClusterExtension.withNodes(2);

  private static ProxyOptions options(int maxConnections, int idleTimeoutSeconds) {
    return new ProxyOptions(new InetSocketAddress("127.0.0.1", 0), maxConnections, idleTimeoutSeconds);
  }

  @Test
  void aConnectionOverTheLimitIsRefusedAndTheOthersCarryOn() throws Exception {
    try (ProxyFixture proxy = new ProxyFixture(CLUSTER.cluster(), "namespace=l1", options(2, 0));
        RawClient first = new RawClient(proxy.port());
        RawClient second = new RawClient(proxy.port())) {
      assertThat(first.call("set a 0 0 1\r\n1\r\n")).isEqualTo("STORED");
      assertThat(second.call("version\r\n")).startsWith("VERSION ");
      try (RawClient third = new RawClient(proxy.port())) {
        assertThat(third.line()).isEqualTo("ERROR Too many open connections");
        assertThat(third.closedByServer()).isTrue();
      }
      assertThat(first.call("get a\r\n")).isEqualTo("VALUE a 0 1");
      assertThat(first.line()).isEqualTo("1");
      assertThat(first.line()).isEqualTo("END");
      assertThat(proxy.server.figures().getRejectedConnections()).isEqualTo(1);
      // a place frees up when a client leaves
      second.close();
      Conditions.await("the second connection to be counted closed",
          () -> proxy.server.figures().getCurrentConnections() == 1);
      try (RawClient fourth = new RawClient(proxy.port())) {
        assertThat(fourth.call("version\r\n")).startsWith("VERSION ");
      }
    }
  }

  @Test
  void anIdleConnectionIsClosedAndAnActiveOneIsNot() throws Exception {
    try (ProxyFixture proxy = new ProxyFixture(CLUSTER.cluster(), "namespace=l2", options(10, 1));
        RawClient idle = new RawClient(proxy.port());
        RawClient active = new RawClient(proxy.port())) {
      long start = System.nanoTime();
      while (proxy.server.figures().getIdleClosedConnections() == 0) {
        assertThat(active.call("version\r\n")).startsWith("VERSION ");
        Thread.sleep(200); // the pace of a client that is busy, well inside the 1 s timeout
        assertThat(System.nanoTime() - start).as("idle close within 10 s").isLessThan(10_000_000_000L);
      }
      assertThat(idle.closedByServer()).isTrue();
      assertThat(active.call("version\r\n")).startsWith("VERSION ");
      assertThat(proxy.server.figures().getIdleClosedConnections()).isEqualTo(1);
    }
  }

  @Test
  void statsAndJmxShowTheProxyAndTheRouter() throws Exception {
    try (ProxyFixture proxy = new ProxyFixture(CLUSTER.cluster(), "namespace=l3&mirror=pairs");
        RawClient c = new RawClient(proxy.port())) {
      c.call("set s 0 0 1\r\n1\r\n");
      c.send("get s nope\r\n");
      while (!c.line().equals("END")) {
        // the value and its lines
      }
      c.call("bogus\r\n");
      c.send("stats\r\n");
      List<String> stats = new ArrayList<>();
      for (String line = c.line(); !line.equals("END"); line = c.line()) {
        stats.add(line);
      }
      assertThat(stats).contains("STAT curr_connections 1", "STAT cmd_get 2", "STAT get_hits 1",
          "STAT get_misses 1", "STAT cmd_set 1", "STAT client_errors 1");
      assertThat(stats).anyMatch(line -> line.matches("STAT router_operations [1-9][0-9]*"));
      assertThat(stats).anyMatch(line -> line.startsWith("STAT router_node_states_0 0 "));
      assertThat(stats).anyMatch(line -> line.startsWith("STAT router_node_states_1 1 "));
      assertThat(stats).anyMatch(line -> line.startsWith("STAT router_liveness_view "));

      MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
      ObjectName name = new ObjectName("io.mcjcache:type=Proxy,listen="
          + ObjectName.quote("127.0.0.1:" + proxy.port()));
      assertThat(jmx.getAttribute(name, "GetHits")).isEqualTo(1L);
      assertThat(jmx.getAttribute(name, "CurrentConnections")).isEqualTo(1L);
    }
  }

  @Test
  void badFlagsAreErrorsThatNameThem() {
    assertThatThrownBy(() -> ProxyArguments.parse(new String[] {"u", "--listen", "nohost"}, null))
        .hasMessageContaining("--listen wants host:port");
    assertThatThrownBy(() -> ProxyArguments.parse(new String[] {"u", "--listen", ":1:x"}, null))
        .hasMessageContaining("--listen");
    assertThatThrownBy(() -> ProxyArguments.parse(new String[] {"u", "--max-connections", "0"}, "127.0.0.1:1"))
        .hasMessageContaining("--max-connections must be at least 1");
    assertThatThrownBy(() -> ProxyArguments.parse(new String[] {"u", "--idle-timeout", "soon"}, "127.0.0.1:1"))
        .hasMessageContaining("--idle-timeout takes a whole number");
    assertThatThrownBy(() -> ProxyArguments.parse(new String[] {"u", "--idle-timeout", "5"}, null))
        .hasMessageContaining("need --listen");
    assertThatThrownBy(() -> ProxyArguments.parse(new String[] {"u", "--listne", "x"}, null))
        .hasMessageContaining("unknown option --listne");
    ProxyArguments none = ProxyArguments.parse(new String[] {"u"}, null);
    assertThat(none.options()).isNull();
    assertThat(none.positional()).containsExactly("u");
    ProxyArguments parsed = ProxyArguments.parse(
        new String[] {"--listen", "[::1]:11311", "u", "--max-connections", "7", "--idle-timeout", "30"}, null);
    assertThat(parsed.options()).isEqualTo(new ProxyOptions(new InetSocketAddress("::1", 11311), 7, 30));
  }

  /** Waiting on a condition with a deadline (no fixed sleeps). */
  private static final class Conditions {
    static void await(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (!condition.getAsBoolean()) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("timed out waiting for " + what);
        }
        Thread.sleep(10);
      }
    }
  }
}
