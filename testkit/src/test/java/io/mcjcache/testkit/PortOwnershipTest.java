package io.mcjcache.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A node is ready only when the memcached that answers on its port is the one it started: a port that
 * another memcached already holds (a leftover of an earlier run, another test's node) is refused, instead
 * of handing a test a node whose pause, kill and restart reach a process that serves nothing.
 */
class PortOwnershipTest {
  @Test
  void aPortAnsweredByAnotherMemcachedIsRefusedNamingBothProcesses() {
    NodeOptions options = new NodeOptions(16, 1024 * 1024, 1, List.of(), null, null);
    try (MemcachedNode holder = new MemcachedNode(0, MemcachedBinary.locate(), options);
        MemcachedNode late = new MemcachedNode(1, MemcachedBinary.locate(), options)) {
      holder.startOnFreePort();

      assertThatThrownBy(() -> late.startOn(holder.port()))
          .isInstanceOf(IllegalStateException.class)
          .satisfiesAnyOf(
              // ours lost the bind and exited before the check,
              e -> assertThat(e).hasMessageContaining("exited at start"),
              // or the check met the holder while ours was still failing to bind
              e -> assertThat(e).hasMessageContaining("answered by another memcached (pid " + holder.pid() + ")"));
      assertThat(holder.stats().get("pid")).as("the holder still serves its port")
          .isEqualTo(Long.toString(holder.pid()));
    }
  }
}
