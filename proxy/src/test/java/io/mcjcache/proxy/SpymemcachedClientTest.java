package io.mcjcache.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcjcache.testkit.MemcachedClusterExtension;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import net.spy.memcached.CASResponse;
import net.spy.memcached.CASValue;
import net.spy.memcached.ConnectionFactoryBuilder;
import net.spy.memcached.MemcachedClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** spymemcached, a client nobody here wrote, pointed at the proxy over its text protocol. */
class SpymemcachedClientTest {
  @RegisterExtension
  static final MemcachedClusterExtension CLUSTER = MemcachedClusterExtension.withNodes(2);

  private static ProxyFixture proxy;
  private static MemcachedClient client;

  @BeforeAll
  static void start() throws InterruptedException, IOException {
    proxy = new ProxyFixture(CLUSTER.cluster(), "mirror=pairs");
    client = newClient();
  }

  private static MemcachedClient newClient() throws IOException {
    return new MemcachedClient(new ConnectionFactoryBuilder().setProtocol(ConnectionFactoryBuilder.Protocol.TEXT)
        .setOpTimeout(5_000).build(), List.of(new InetSocketAddress("127.0.0.1", proxy.port())));
  }

  @AfterAll
  static void stop() {
    if (client != null) {
      client.shutdown(2, TimeUnit.SECONDS);
    }
    if (proxy != null) {
      proxy.close();
    }
  }

  @Test
  void setGetDeleteWithTheClientsOwnTranscoding() throws Exception {
    assertThat(client.set("sp:string", 0, "hello").get()).isTrue();
    assertThat(client.set("sp:int", 0, 42).get()).isTrue();
    assertThat(client.set("sp:map", 0, new HashMap<>(Map.of("a", 1))).get()).isTrue();
    assertThat(client.get("sp:string")).isEqualTo("hello");
    assertThat(client.get("sp:int")).as("the transcoder's flags survive").isEqualTo(42);
    assertThat(client.get("sp:map")).isEqualTo(Map.of("a", 1));
    assertThat(client.get("sp:missing")).isNull();
    assertThat(client.delete("sp:string").get()).isTrue();
    assertThat(client.delete("sp:string").get()).isFalse();
    assertThat(client.get("sp:string")).isNull();
  }

  @Test
  void multiGet() throws Exception {
    Map<String, Object> expected = new HashMap<>();
    for (int i = 0; i < 200; i++) {
      client.set("mg:" + i, 0, "v" + i);
      if (i % 2 == 0) {
        expected.put("mg:" + i, "v" + i);
      }
    }
    client.waitForQueues(5, TimeUnit.SECONDS);
    for (int i = 1; i < 200; i += 2) {
      assertThat(client.delete("mg:" + i).get()).isTrue();
    }
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 220; i++) {
      keys.add("mg:" + i);
    }
    assertThat(client.getBulk(keys)).isEqualTo(expected);
  }

  @Test
  void addReplaceTouchIncrAndGets() throws Exception {
    assertThat(client.add("ar:a", 0, "one").get()).isTrue();
    assertThat(client.add("ar:a", 0, "two").get()).isFalse();
    assertThat(client.replace("ar:missing", 0, "x").get()).isFalse();
    assertThat(client.replace("ar:a", 0, "three").get()).isTrue();
    assertThat(client.get("ar:a")).isEqualTo("three");
    assertThat(client.append("ar:a", "!").get()).isTrue();
    assertThat(client.get("ar:a")).isEqualTo("three!");

    assertThat(client.set("ar:short", 1, "soon gone").get()).isTrue();
    assertThat(client.touch("ar:short", 60).get()).isTrue();
    assertThat(client.touch("ar:missing", 60).get()).isFalse();
    Thread.sleep(1_300);
    assertThat(client.get("ar:short")).as("touched to 60 s").isEqualTo("soon gone");

    assertThat(client.incr("ar:counter", 1, 10)).as("created with the default").isEqualTo(10);
    assertThat(client.incr("ar:counter", 5)).isEqualTo(15);
    assertThat(client.decr("ar:counter", 20)).isEqualTo(0);
    CASValue<Object> cas = client.gets("ar:a");
    assertThat(cas.getValue()).isEqualTo("three!");
    assertThat(cas.getCas()).isPositive();
    assertThat(client.getVersions()).hasSize(1);
  }

  /**
   * Two clients, each its own connection as two application servers would have, race gets+cas increments
   * of one counter and retry on EXISTS. The proxy runs each cas on the key's owner, so every increment
   * must win exactly once: the counter ends at the number of successful cas, and each value between 1 and
   * it was written by one cas only.
   */
  @Test
  void casRaceBetweenTwoClientsCountsEveryIncrementOnce() throws Exception {
    int perClient = 200;
    assertThat(client.set("race:counter", 0, "0").get()).isTrue();
    MemcachedClient second = newClient();
    ExecutorService threads = Executors.newFixedThreadPool(2);
    AtomicInteger retries = new AtomicInteger();
    try {
      List<Future<List<Long>>> runs = new ArrayList<>();
      for (MemcachedClient racer : List.of(client, second)) {
        runs.add(threads.submit(() -> {
          List<Long> written = new ArrayList<>();
          while (written.size() < perClient) {
            CASValue<Object> current = racer.gets("race:counter");
            long next = Long.parseLong((String) current.getValue()) + 1;
            CASResponse answer = racer.cas("race:counter", current.getCas(), String.valueOf(next));
            if (answer == CASResponse.OK) {
              written.add(next);
            } else {
              assertThat(answer).as("cas answer other than STORED").isEqualTo(CASResponse.EXISTS);
              retries.incrementAndGet();
            }
          }
          return written;
        }));
      }
      List<Long> all = new ArrayList<>();
      for (Future<List<Long>> run : runs) {
        all.addAll(run.get(60, TimeUnit.SECONDS));
      }
      int total = 2 * perClient;
      assertThat(client.get("race:counter")).as("the counter, after %d retries on EXISTS", retries.get())
          .isEqualTo(String.valueOf(total));
      assertThat(all).as("each value written by exactly one cas")
          .containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, total).boxed().toList());
    } finally {
      threads.shutdownNow();
      second.shutdown(2, TimeUnit.SECONDS);
    }
  }
}
