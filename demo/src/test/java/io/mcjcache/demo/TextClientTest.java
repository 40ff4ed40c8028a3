package io.mcjcache.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcjcache.testkit.MemcachedClusterExtension;
import io.mcjcache.testkit.MemcachedNode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The plain client of rows (f) and (g) on a real memcached: what it reports as acknowledged is exactly
 * what the server answered, an error answers only its own command, and a dead server acknowledges nothing
 * until it is back, when the client connects again by itself.
 */
class TextClientTest {
  @RegisterExtension
  static final MemcachedClusterExtension CLUSTER = MemcachedClusterExtension.withNodes(1);

  @Test
  void everyAnswerIsJudged() {
    MemcachedNode node = CLUSTER.cluster().node(0);
    try (TextClient client = new TextClient(node.address(), Duration.ofSeconds(2))) {
      Map<String, String> entries = new LinkedHashMap<>();
      entries.put("a", "1");
      // Over the item size: memcached answers SERVER_ERROR and swallows the data, so the pipeline stays in step.
      entries.put("big", "x".repeat(2 << 20));
      entries.put("b", "");
      assertThat(client.setAll(entries)).containsExactlyInAnyOrder("a", "b");
      assertThat(client.getAll(List.of("a", "b", "c"))).isEqualTo(Map.of("a", "1", "b", ""));
      assertThat(client.deleteAll(List.of("a", "c"))).as("DELETED and NOT_FOUND both say gone")
          .containsExactlyInAnyOrder("a", "c");
      assertThat(client.getAll(List.of("a", "b"))).isEqualTo(Map.of("b", ""));
      assertThat(client.getAll(List.of("y".repeat(300)))).as("an error answer: the whole get failed").isEmpty();
      assertThat(client.getAll(List.of("b"))).as("and the next one works").isEqualTo(Map.of("b", ""));

      node.kill();
      assertThat(client.setAll(Map.of("c", "3"))).isEmpty();
      assertThat(client.deleteAll(List.of("b"))).isEmpty();
      assertThat(client.getAll(List.of("b"))).isEmpty();
      node.restart();
      assertThat(client.setAll(Map.of("c", "3"))).containsExactly("c");
      assertThat(client.getAll(List.of("c"))).isEqualTo(Map.of("c", "3"));
    }
  }
}
