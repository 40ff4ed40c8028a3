package io.mcjcache.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The faults the testkit promises are real: the process really hangs, dies and comes back empty. */
class MemcachedNodeFaultsTest {
  @RegisterExtension
  static final MemcachedClusterExtension CLUSTER = MemcachedClusterExtension.withNodes(2);

  @Test
  void nodesListenOnDistinctLoopbackPortsInOrder() {
    MemcachedCluster cluster = CLUSTER.cluster();
    assertThat(cluster.size()).isEqualTo(2);
    assertThat(cluster.node(0).port()).isNotEqualTo(cluster.node(1).port());
    assertThat(cluster.node(1).index()).isEqualTo(1);
    assertThat(cluster.uri())
        .isEqualTo("memcached://" + cluster.node(0).hostAndPort() + "," + cluster.node(1).hostAndPort());
    assertThat(cluster.node(0).stats()).containsKeys("pid", "uptime", "curr_items");
    assertThat(Long.parseLong(cluster.node(0).stats().get("pid"))).isEqualTo(cluster.node(0).pid());
  }

  @Test
  void pausedNodeTimesOutAndKeepsItsDataWhenResumed() throws IOException {
    MemcachedNode node = CLUSTER.cluster().node(0);
    try (TextClient established = new TextClient(node.address(), 300)) {
      assertThat(established.set("paused-key", "v1")).isEqualTo("STORED");
      node.pause();
      assertThat(node.isPaused()).isTrue();
      // A request sent the moment pause() returns, on a connection a worker thread already serves.
      assertThatThrownBy(() -> established.get("paused-key")).isInstanceOf(SocketTimeoutException.class);
    }
    try (TextClient client = new TextClient(node.address(), 300)) {
      // The kernel still accepts the connection (the listen socket is open) but nobody answers.
      assertThatThrownBy(() -> client.get("paused-key")).isInstanceOf(SocketTimeoutException.class);
    }
    node.resume();
    try (TextClient client = new TextClient(node.address(), 2000)) {
      assertThat(client.get("paused-key")).isEqualTo("v1");
    }
  }

  @Test
  void killedNodeRefusesConnectionsAndRestartedNodeIsEmptyOnTheSamePort() throws IOException {
    MemcachedNode node = CLUSTER.cluster().node(1);
    int port = node.port();
    long pidBefore = node.pid();
    try (TextClient client = new TextClient(node.address(), 1000)) {
      assertThat(client.set("doomed", "v")).isEqualTo("STORED");
    }
    node.kill();
    assertThat(node.isRunning()).isFalse();
    assertThatThrownBy(() -> new TextClient(node.address(), 1000).close()).isInstanceOf(ConnectException.class);

    node.restart();
    assertThat(node.port()).isEqualTo(port);
    assertThat(node.pid()).isNotEqualTo(pidBefore);
    try (TextClient client = new TextClient(node.address(), 1000)) {
      assertThat(client.get("doomed")).isNull();
    }
  }

  @Test
  void restartOfAPausedNodeGivesAFreshAnsweringProcess() throws IOException {
    MemcachedNode node = CLUSTER.cluster().node(0);
    node.pause();
    node.restart();
    assertThat(node.isPaused()).isFalse();
    try (TextClient client = new TextClient(node.address(), 1000)) {
      assertThat(client.set("k", "v")).isEqualTo("STORED");
    }
  }

  @Test
  void itemSizeLimitIsApplied() {
    try (MemcachedCluster small = MemcachedCluster.builder().nodes(1).itemSizeLimitBytes(64 * 1024).start()) {
      assertThat(small.node(0).stats("settings")).containsEntry("item_size_max", Integer.toString(64 * 1024));
    }
  }

  @Test
  void badOptionsAreRejectedBeforeStarting() {
    assertThatThrownBy(() -> MemcachedCluster.builder().nodes(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1 node");
    assertThatThrownBy(() -> MemcachedCluster.builder().itemSizeLimitBytes(10).start())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("itemSizeLimitBytes");
  }
}
