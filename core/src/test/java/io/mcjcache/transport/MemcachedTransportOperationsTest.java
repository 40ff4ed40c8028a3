package io.mcjcache.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcjcache.testkit.MemcachedClusterExtension;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every operation's semantics against real memcached, on healthy nodes. */
class MemcachedTransportOperationsTest {

  @RegisterExtension
  static final MemcachedClusterExtension CLUSTER = MemcachedClusterExtension.withNodes(2);

  private static MemcachedTransport transport;

  @BeforeAll
  static void open() {
    transport = new MemcachedTransport(TransportSettings.of(CLUSTER.cluster().addresses()));
  }

  @AfterAll
  static void close() {
    transport.close();
  }

  private static String key(TestInfo test, String suffix) {
    return "ops:" + test.getTestMethod().orElseThrow().getName() + ":" + suffix;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void getReturnsStoredBytesAndNullOnMiss(TestInfo test) {
    String key = key(test, "k");
    assertThat(transport.get(0, key)).isNull();
    assertThat(TestCalls.set(transport, 0, key, 0, bytes("v1"))).isTrue();
    assertThat(transport.get(0, key)).isEqualTo(bytes("v1"));
  }

  @Test
  void everyOperationGoesToTheNodeItNames(TestInfo test) {
    String key = key(test, "k");
    TestCalls.set(transport, 1, key, 0, bytes("only on 1"));
    assertThat(transport.get(0, key)).isNull();
    assertThat(transport.get(1, key)).isEqualTo(bytes("only on 1"));
    assertThat(CLUSTER.cluster().node(1).stats().get("curr_items")).isNotEqualTo("0");
  }

  @Test
  void itemsCarryTheMcFlags(TestInfo test) throws Exception {
    String key = key(test, "k");
    TestCalls.set(transport, 0, key, 0, bytes("x"));
    List<String> seen = new ArrayList<>();
    // the flags are visible in a raw "get" reply: VALUE <key> <flags> <bytes>
    try (java.net.Socket socket = new java.net.Socket()) {
      socket.connect(CLUSTER.cluster().node(0).address(), 2000);
      socket.setSoTimeout(2000);
      socket.getOutputStream().write(("get " + key + "\r\n").getBytes(StandardCharsets.US_ASCII));
      java.io.BufferedReader in = new java.io.BufferedReader(
          new java.io.InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
      for (String line = in.readLine(); line != null && !line.equals("END"); line = in.readLine()) {
        seen.add(line);
      }
    }
    assertThat(seen.get(0)).isEqualTo("VALUE " + key + " " + PassThroughTranscoder.FLAGS + " 1");
  }

  @Test
  void addStoresOnlyWhenAbsent(TestInfo test) {
    String key = key(test, "k");
    assertThat(transport.get(0, key)).isNull();
    assertThat(transport.add(0, key, 0, bytes("a1"))).isTrue();
    assertThat(transport.add(0, key, 0, bytes("a2"))).isFalse();
    assertThat(transport.get(0, key)).isEqualTo(bytes("a1"));
  }

  @Test
  void casTellsStoredFromMismatchFromNotFound(TestInfo test) {
    String key = key(test, "k");
    assertThat(TestCalls.gets(transport, 0, key)).isNull();
    TestCalls.set(transport, 0, key, 0, bytes("v1"));
    CasValue first = TestCalls.gets(transport, 0, key);
    assertThat(first.value()).isEqualTo(bytes("v1"));

    assertThat(transport.cas(0, key, first.cas(), 0, bytes("v2"))).isEqualTo(CasOutcome.STORED);
    assertThat(transport.get(0, key)).isEqualTo(bytes("v2"));
    // the token is now stale
    assertThat(transport.cas(0, key, first.cas(), 0, bytes("v3"))).isEqualTo(CasOutcome.EXISTS);
    assertThat(transport.get(0, key)).isEqualTo(bytes("v2"));

    CasValue second = TestCalls.gets(transport, 0, key);
    transport.delete(0, key);
    assertThat(transport.cas(0, key, second.cas(), 0, bytes("v4"))).isEqualTo(CasOutcome.NOT_FOUND);
    assertThat(transport.get(0, key)).isNull();
  }

  @Test
  void deleteSaysWhetherTheKeyWasThere(TestInfo test) {
    String key = key(test, "k");
    assertThat(transport.delete(0, key)).isFalse();
    TestCalls.set(transport, 0, key, 0, bytes("v"));
    assertThat(transport.delete(0, key)).isTrue();
    assertThat(transport.get(0, key)).isNull();
  }

  @Test
  void statsComeFromTheNamedNode() {
    Map<String, String> stats0 = transport.stats(0);
    Map<String, String> stats1 = transport.stats(1);
    assertThat(stats0).containsKeys("pid", "uptime", "curr_items", "limit_maxbytes", "version");
    assertThat(stats0.get("pid")).isEqualTo(Long.toString(CLUSTER.cluster().node(0).pid()));
    assertThat(stats1.get("pid")).isEqualTo(Long.toString(CLUSTER.cluster().node(1).pid()));
  }

  @Test
  void getMultiReturnsExactlyTheHitsAmongTwoThousandKeys(TestInfo test) {
    Map<String, byte[]> written = new HashMap<>();
    List<String> asked = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      String key = key(test, Integer.toString(i));
      asked.add(key);
      if (i % 3 != 0) {
        written.put(key, bytes("value-" + i));
        TestCalls.set(transport, 1, key, 0, written.get(key));
      }
    }
    long getsBefore = Long.parseLong(transport.stats(1).get("cmd_get"));
    long keysBefore = Long.parseLong(transport.stats(1).get("get_hits"));

    Map<String, byte[]> found = transport.getMulti(1, asked);

    assertThat(found.keySet()).isEqualTo(written.keySet());
    written.forEach((k, v) -> assertThat(found.get(k)).isEqualTo(v));
    // the server saw each asked key once and hit exactly the written ones (cmd_get counts keys)
    assertThat(Long.parseLong(transport.stats(1).get("get_hits")) - keysBefore).isEqualTo(written.size());
    assertThat(Long.parseLong(transport.stats(1).get("cmd_get")) - getsBefore).isEqualTo(asked.size());
    assertThat(transport.getMulti(1, List.of())).isEmpty();
  }

  @Test
  void setMultiStoresEveryItemOnTheNamedNode(TestInfo test) {
    Map<String, Item> items = new LinkedHashMap<>();
    for (int i = 0; i < 500; i++) {
      items.put(key(test, Integer.toString(i)), new Item(0, bytes("v" + i)));
    }
    Map<String, Boolean> stored = TestCalls.setMulti(transport, 0, items);
    assertThat(stored).hasSize(500).doesNotContainValue(false);
    Map<String, byte[]> back = transport.getMulti(0, items.keySet());
    items.forEach((k, item) -> assertThat(back.get(k)).isEqualTo(item.value()));

    Map<String, Boolean> deleted = TestCalls.deleteMulti(transport, 0, List.copyOf(items.keySet()));
    assertThat(deleted).hasSize(500).doesNotContainValue(false);
    assertThat(transport.getMulti(0, items.keySet())).isEmpty();
  }

  @Test
  void asyncFormsHaveTheSameSemantics(TestInfo test) {
    String key = key(test, "k");
    assertThat(transport.getAsync(0, key).join()).isNull();
    assertThat(transport.addAsync(0, key, 0, bytes("a")).join()).isTrue();
    assertThat(transport.addAsync(0, key, 0, bytes("b")).join()).isFalse();
    assertThat(transport.getAsync(0, key).join()).isEqualTo(bytes("a"));
    CasValue token = transport.getsAsync(0, key).join();
    assertThat(transport.casAsync(0, key, token.cas(), 0, bytes("d")).join()).isEqualTo(CasOutcome.STORED);
    assertThat(transport.casAsync(0, key, token.cas(), 0, bytes("e")).join()).isEqualTo(CasOutcome.EXISTS);
    assertThat(transport.setAsync(0, key, 0, bytes("f")).join()).isTrue();
    assertThat(transport.sendGetMulti(0, List.of(key, key(test, "absent"))).await())
        .containsOnlyKeys(key);
    assertThat(transport.deleteAsync(0, key).join()).isTrue();
    assertThat(transport.deleteAsync(0, key).join()).isFalse();
    assertThat(transport.sendSetMulti(0, Map.of(key, new Item(0, bytes("g")))).await()).containsEntry(key, true);
  }

  /** The forms awaited on the caller's thread answer as the async forms do. */
  @Test
  void repliesAwaitedByTheCallerAnswerAsTheAsyncFormsDo(TestInfo test) {
    String key = key(test, "k");
    Reply<Boolean> set = transport.sendSet(0, key, 0, bytes("r"));
    assertThat(set.await()).isTrue();
    assertThat(set.await()).as("the outcome is kept").isTrue();
    assertThat(transport.get(0, key)).isEqualTo(bytes("r"));
    assertThat(transport.sendSet(0, key, 0, bytes("s")).map(stored -> "mapped " + stored).await())
        .isEqualTo("mapped true");
    assertThat(transport.sendDelete(0, key).await()).isTrue();
    assertThat(transport.sendDelete(0, key).await()).isFalse();
    Map<String, Item> items = new LinkedHashMap<>();
    for (int i = 0; i < 50; i++) {
      items.put(key + ":" + i, new Item(0, bytes("v" + i)));
    }
    assertThat(transport.sendSetMulti(1, items).await()).hasSize(50).doesNotContainValue(false);
    assertThat(transport.getMulti(1, items.keySet())).hasSize(50);
    Map<String, Boolean> deleted = transport.sendDeleteMulti(1, List.of(key + ":0", key + ":missing")).await();
    assertThat(deleted).containsExactly(Map.entry(key + ":0", true), Map.entry(key + ":missing", false));
    assertThat(transport.sendSetMulti(1, Map.of()).await()).isEmpty();
  }

  @Test
  void oversizedValueIsRefusedWithTheLimitBeforeAnythingIsSent(TestInfo test) {
    String key = key(test, "k");
    byte[] twoMegabytes = new byte[2 << 20];
    assertThatThrownBy(() -> TestCalls.set(transport, 0, key, 0, twoMegabytes))
        .isInstanceOfSatisfying(ItemTooLargeException.class, e -> {
          assertThat(e.node()).isEqualTo(0);
          assertThat(e.limitBytes()).isEqualTo(1 << 20);
          assertThat(e.getMessage()).contains(key).contains("1048576");
        });
    assertThatThrownBy(() -> transport.setAsync(1, key, 0, twoMegabytes).join())
        .hasCauseInstanceOf(ItemTooLargeException.class);
    assertThatThrownBy(() -> TestCalls.setMulti(transport, 1, Map.of(key + "a", new Item(0, new byte[1]),
        key + "b", new Item(0, twoMegabytes))))
        .isInstanceOf(ItemTooLargeException.class);
    assertThat(transport.get(1, key + "a")).as("nothing of the batch was sent").isNull();
    assertThatThrownBy(() -> transport.sendSet(1, key, 0, twoMegabytes).await())
        .isInstanceOf(ItemTooLargeException.class);
    assertThatThrownBy(() -> transport.sendSetMulti(1, Map.of(key + "c", new Item(0, twoMegabytes))).await())
        .isInstanceOf(ItemTooLargeException.class);
    // the connection is still fine afterwards
    assertThat(TestCalls.set(transport, 0, key, 0, new byte[1000])).isTrue();
  }

  @Test
  void badInputIsAnIllegalArgumentNamingTheProblem() {
    assertThatThrownBy(() -> transport.get(2, "k"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("node index 2");
    assertThatThrownBy(() -> transport.getAsync(-1, "k"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("node index -1");
    assertThatThrownBy(() -> TestCalls.set(transport, 0, "has space", 0, bytes("v")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(transport.stats(0)).as("the connection survived the bad input").containsKey("pid");
  }

}
