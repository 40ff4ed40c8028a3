package io.mcjcache.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcjcache.testkit.MemcachedClusterExtension;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Failure through the proxy with {@code mirror=pairs}: a node killed while a client writes and reads
 * through it loses no acknowledged write and serves nothing stale; all nodes down is a SERVER_ERROR.
 */
class ProxyFailureTest {
  private static final int KEYS = 2_000;

  @RegisterExtension
  static final MemcachedClusterExtension CLUSTER = MemcachedClusterExtension.withNodes(4);

  /** The latest value each key was acknowledged with (STORED), or null once DELETED. */
  private final Map<String, String> acknowledged = new HashMap<>();

  @Test
  void aNodeKilledWhileWritingLosesNoAcknowledgedWriteAndServesNothingStale() throws Exception {
    try (ProxyFixture proxy = new ProxyFixture(CLUSTER.cluster(), "mirror=pairs&namespace=f1");
        RawClient c = new RawClient(proxy.port())) {
      for (int i = 0; i < KEYS; i++) {
        write(c, "k" + i, "v1-" + i);
      }
      for (int i = 0; i < KEYS; i++) {
        if (i == KEYS / 4) {
          CLUSTER.cluster().node(1).kill();
        }
        // overwrite every key, delete every tenth, during and after the kill
        if (i % 10 == 0) {
          delete(c, "k" + i);
        } else {
          write(c, "k" + i, "v2-" + i);
        }
        if (i % 7 == 0) {
          assertRead(c, "k" + (i / 2));
        }
      }
      List<String> stale = new ArrayList<>();
      for (int i = 0; i < KEYS; i++) {
        String key = "k" + i;
        String expected = acknowledged.get(key);
        String found = read(c, key);
        if (!java.util.Objects.equals(expected, found)) {
          stale.add(key + ": expected " + expected + ", read " + found);
        }
      }
      assertThat(stale).as("lost or stale reads after killing node 1; %s", proxy.store.figures()).isEmpty();
      assertThat(proxy.store.view().isAlive(1)).isFalse();
    }
  }

  @Test
  void aNodeThatHungAndResumedServesNothingStale() throws Exception {
    try (ProxyFixture proxy = new ProxyFixture(CLUSTER.cluster(), "mirror=pairs&namespace=f4&opTimeoutMs=300");
        RawClient c = new RawClient(proxy.port())) {
      int keys = 400;
      for (int i = 0; i < keys; i++) {
        write(c, "h" + i, "old-" + i);
      }
      CLUSTER.cluster().node(2).pause(); // keeps its copies of the old values
      awaitView(proxy, 2, false);
      for (int i = 0; i < keys; i++) {
        if (i % 5 == 0) {
          delete(c, "h" + i);
        } else {
          write(c, "h" + i, "new-" + i);
        }
      }
      CLUSTER.cluster().node(2).resume();
      awaitView(proxy, 2, true); // flushed of this namespace's keys, then taken back
      List<String> wrong = new ArrayList<>();
      for (int i = 0; i < keys; i++) {
        String found = read(c, "h" + i);
        if (!java.util.Objects.equals(acknowledged.get("h" + i), found)) {
          wrong.add("h" + i + ": expected " + acknowledged.get("h" + i) + ", read " + found);
        }
      }
      assertThat(wrong).as("stale or resurrected after node 2 hung and resumed; %s", proxy.store.figures())
          .isEmpty();
      assertThat(proxy.store.figures().getFlushes()).as("node 2's return was flushed").isPositive();
    }
  }

  private static void awaitView(ProxyFixture proxy, int node, boolean alive) throws InterruptedException {
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (proxy.store.view().isAlive(node) != alive) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("node " + node + " never seen " + (alive ? "alive" : "dead"));
      }
      Thread.sleep(20);
    }
  }

  @Test
  void aCasUniqueStaysValidWhenItsNodeDies() throws Exception {
    try (ProxyFixture proxy = new ProxyFixture(CLUSTER.cluster(), "mirror=pairs&namespace=f3");
        RawClient c = new RawClient(proxy.port())) {
      Map<String, Long> uniques = new HashMap<>();
      for (int i = 0; i < 64; i++) {
        write(c, "c" + i, "before");
        String line = c.call("gets c" + i + "\r\n");
        uniques.put("c" + i, Long.parseLong(line.split(" ")[4]));
        c.line();
        assertThat(c.line()).isEqualTo("END");
      }
      CLUSTER.cluster().node(1).kill();
      for (Map.Entry<String, Long> e : uniques.entrySet()) {
        assertThat(c.call("cas " + e.getKey() + " 0 0 5 " + e.getValue() + "\r\nafter\r\n"))
            .as("cas of %s with the unique handed out before node 1 died", e.getKey()).isEqualTo("STORED");
        assertThat(c.call("cas " + e.getKey() + " 0 0 5 " + e.getValue() + "\r\nagain\r\n"))
            .as("the unique is spent").isEqualTo("EXISTS");
        acknowledged.put(e.getKey(), "after");
        assertRead(c, e.getKey());
      }
      assertThat(proxy.store.view().isAlive(1)).as("node 1 was in use and is seen dead").isFalse();
    }
  }

  @Test
  void allNodesDownIsAServerError() throws Exception {
    try (ProxyFixture proxy = new ProxyFixture(CLUSTER.cluster(), "mirror=pairs&namespace=f2&allDown=error");
        RawClient c = new RawClient(proxy.port())) {
      write(c, "a", "1");
      for (int n = 0; n < 4; n++) {
        CLUSTER.cluster().node(n).kill();
      }
      long deadline = System.currentTimeMillis() + 10_000;
      String answer;
      do {
        answer = c.call("get a\r\n");
        if (answer.equals("END")) {
          Thread.sleep(50);
        }
      } while (answer.equals("END") && System.currentTimeMillis() < deadline);
      assertThat(answer).startsWith("SERVER_ERROR ");
      assertThat(c.call("set a 0 0 1\r\nx\r\n")).startsWith("SERVER_ERROR ");
      assertThat(c.call("version\r\n")).as("the connection lives on").startsWith("VERSION ");
    }
  }

  private void write(RawClient c, String key, String value) throws IOException {
    String answer = c.call("set " + key + " 0 0 " + value.length() + "\r\n" + value + "\r\n");
    if (answer.equals("STORED")) {
      acknowledged.put(key, value);
    } else {
      // not acknowledged: either value may be read back now
      acknowledged.remove(key);
      acknowledged.put(key + "?", value);
      throw new AssertionError("set " + key + " answered " + answer);
    }
  }

  private void delete(RawClient c, String key) throws IOException {
    String answer = c.call("delete " + key + "\r\n");
    assertThat(answer).as("delete " + key).isIn("DELETED", "NOT_FOUND");
    acknowledged.put(key, null);
  }

  private void assertRead(RawClient c, String key) throws IOException {
    assertThat(read(c, key)).as("read of " + key).isEqualTo(acknowledged.get(key));
  }

  /** The value read through the proxy, or null on a miss. */
  private static String read(RawClient c, String key) throws IOException {
    c.send("get " + key + "\r\n");
    String line = c.line();
    if (line.equals("END")) {
      return null;
    }
    assertThat(line).startsWith("VALUE " + key + " 0 ");
    String value = c.line();
    assertThat(c.line()).isEqualTo("END");
    return value;
  }
}
