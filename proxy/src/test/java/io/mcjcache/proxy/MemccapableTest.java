package io.mcjcache.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcjcache.testkit.MemcachedClusterExtension;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * libmemcached's {@code memccapable -a}, the conformance check that memcached-compatible servers are held
 * to, run against the proxy: its answers come from someone else's reading of the protocol, not ours.
 */
class MemccapableTest {
  /** What {@code memccapable -a} of libmemcached 1.0/1.1 runs; fewer would mean tests quietly dropped. */
  private static final int ASCII_TESTS = 27;

  @RegisterExtension
  static final MemcachedClusterExtension CLUSTER = MemcachedClusterExtension.withNodes(2);

  @Test
  void passesEveryAsciiTest() throws InterruptedException {
    String memccapable = ClientTools.memccapable();
    try (ProxyFixture proxy = new ProxyFixture(CLUSTER.cluster(), "mirror=pairs");
        ClientTools.Child run = new ClientTools.Child(
            List.of(memccapable, "-a", "-t", "5", "-h", "127.0.0.1", "-p", String.valueOf(proxy.port())))) {
      int exit = run.exitCode(Duration.ofSeconds(60));
      List<String> tests = run.output().lines().filter(line -> line.matches("ascii .*\\[\\w+\\]")).toList();
      assertThat(exit).as(run.describe("exit status")).isZero();
      assertThat(tests).as(run.describe("test lines")).hasSize(ASCII_TESTS)
          .allMatch(line -> line.endsWith("[pass]"));
    }
  }
}
