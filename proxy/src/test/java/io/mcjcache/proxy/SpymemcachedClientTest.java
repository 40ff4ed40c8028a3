package io.mcjcache.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcjcache.testkit.MemcachedClusterExtension;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
    client = new MemcachedClient(new ConnectionFactoryBuilder().setProtocol(ConnectionFactoryBuilder.Protocol.TEXT)
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
    List<String> keys = new java.util.ArrayList<>();
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
}
