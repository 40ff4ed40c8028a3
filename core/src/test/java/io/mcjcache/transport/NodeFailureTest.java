package io.mcjcache.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.fail;

import io.mcjcache.testkit.MemcachedClusterExtension;
import io.mcjcache.testkit.MemcachedNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Failures are reported as {@link NodeFailureException} with the right node and kind, never as a miss, and
 * within the op timeout (guarantee 5, docs/design.md, "Guarantees": no operation blocks longer than
 * opTimeoutMs per node it tries). The extension heals the cluster after each test; tests also resume in
 * finally.
 */
class NodeFailureTest {

  @RegisterExtension
  static final MemcachedClusterExtension CLUSTER = MemcachedClusterExtension.withNodes(2);

  private static final Duration OP_TIMEOUT = Duration.ofMillis(300);
  private static final long BOUND_MILLIS = OP_TIMEOUT.toMillis() + 1000;

  private MemcachedTransport transport;

  @BeforeEach
  void open() {
    transport = new MemcachedTransport(TransportSettings.builder(CLUSTER.cluster().addresses())
        .opTimeout(OP_TIMEOUT).build());
  }

  @AfterEach
  void close() {
    transport.close();
  }

  @Test
  void pausedNodeTimesOutWithinTheOpTimeoutForEveryKindOfCall() {
    TestCalls.set(transport, 1, "paused:k", 0, new byte[] {1});
    MemcachedNode node = CLUSTER.cluster().node(1);
    node.pause();
    try {
      expectFailure(1, FailureKind.TIMEOUT, () -> transport.get(1, "paused:k"));
      expectFailure(1, FailureKind.TIMEOUT, () -> TestCalls.set(transport, 1, "paused:k", 0, new byte[] {2}));
      expectFailure(1, FailureKind.TIMEOUT, () -> transport.getMulti(1, List.of("paused:k", "paused:j")));
      expectFailure(1, FailureKind.TIMEOUT, () -> transport.getAsync(1, "paused:k").join());
      expectFailure(1, FailureKind.TIMEOUT,
          () -> TestCalls.setMulti(transport, 1, Map.of("paused:m", new Item(0, new byte[1]))));
      expectFailure(1, FailureKind.TIMEOUT, () -> transport.sendSet(1, "paused:k", 0, new byte[] {3}).await());
      expectFailure(1, FailureKind.TIMEOUT, () -> transport.sendDelete(1, "paused:other").await());
      expectFailure(1, FailureKind.TIMEOUT,
          () -> transport.sendSetMulti(1, Map.of("paused:n", new Item(0, new byte[1]))).await());
      expectFailure(1, FailureKind.TIMEOUT, () -> transport.stats(1));
      expectFailure(1, FailureKind.TIMEOUT, () -> transport.listKeys(1, "paused:", k -> {}));
      // the other node is unaffected
      assertThat(TestCalls.set(transport, 0, "paused:k", 0, new byte[] {3})).isTrue();
    } finally {
      node.resume();
    }
    awaitServed(1);
    assertThat(transport.get(1, "paused:k")).isNotNull();
  }

  /**
   * TransportSettings.timeoutExceptionThreshold: after that many consecutive timeouts spymemcached
   * drops the hung connection, and calls fail at once instead of each waiting out the timeout.
   */
  @Test
  void hungConnectionIsDroppedAfterTheTimeoutThreshold() {
    transport.close();
    transport = new MemcachedTransport(TransportSettings.builder(CLUSTER.cluster().addresses())
        .opTimeout(OP_TIMEOUT).timeoutExceptionThreshold(3).build());
    MemcachedNode node = CLUSTER.cluster().node(1);
    node.pause();
    List<FailureKind> kinds = new java.util.ArrayList<>();
    try {
      // Generous: on a loaded machine the drop and the reconnect race the calls.
      for (int i = 0; i < 25 && !kinds.contains(FailureKind.UNREACHABLE); i++) {
        kinds.add(expectFailure(1, null, () -> transport.get(1, "hung:k")).kind());
      }
    } finally {
      node.resume();
    }
    assertThat(kinds).as("kinds of consecutive failures").startsWith(FailureKind.TIMEOUT, FailureKind.TIMEOUT)
        .contains(FailureKind.UNREACHABLE);
    awaitServed(1);
  }

  @Test
  void killedNodeIsAFailureNeverAMissAndServesAgainAfterRestart() {
    MemcachedNode node = CLUSTER.cluster().node(0);
    TestCalls.set(transport, 0, "killed:k", 0, new byte[] {1});
    node.kill();
    for (int i = 0; i < 5; i++) {
      NodeFailureException failure = expectFailure(0, null, () -> transport.get(0, "killed:k"));
      assertThat(failure.kind()).isIn(FailureKind.UNREACHABLE, FailureKind.TIMEOUT);
    }
    NodeFailureException multi = expectFailure(0, null, () -> transport.getMulti(0, List.of("killed:k")));
    assertThat(multi.kind()).isIn(FailureKind.UNREACHABLE, FailureKind.TIMEOUT);
    NodeFailureException sent = expectFailure(0, null, () -> transport.sendSet(0, "killed:k", 0, new byte[1]).await());
    assertThat(sent.kind()).isIn(FailureKind.UNREACHABLE, FailureKind.TIMEOUT);
    NodeFailureException stats = expectFailure(0, null, () -> transport.stats(0));
    assertThat(stats.kind()).isIn(FailureKind.UNREACHABLE, FailureKind.TIMEOUT);
    NodeFailureException listing = expectFailure(0, null, () -> transport.listKeys(0, "", k -> {}));
    assertThat(listing.kind()).isEqualTo(FailureKind.UNREACHABLE);
    assertThat(transport.get(1, "killed:k")).as("node 1 still answers").isNull();

    node.restart();
    awaitServed(0);
    assertThat(transport.get(0, "killed:k")).as("a restarted node is empty").isNull();
    assertThat(TestCalls.set(transport, 0, "killed:k", 0, new byte[] {2})).isTrue();
  }

  @Test
  void callsAfterCloseFailAsClosed() {
    transport.close();
    expectFailure(0, FailureKind.CLOSED, () -> transport.get(0, "closed:k"));
    expectFailure(1, FailureKind.CLOSED, () -> transport.setAsync(1, "closed:k", 0, new byte[1]).join());
  }

  @Test
  void freshTransportServesEveryNodeWithItsFirstCall() {
    for (int attempt = 0; attempt < 5; attempt++) {
      try (MemcachedTransport fresh = new MemcachedTransport(TransportSettings.of(CLUSTER.cluster().addresses()))) {
        assertThat(fresh.get(0, "fresh:k")).isNull();
        assertThat(fresh.get(1, "fresh:k")).isNull();
      }
    }
  }

  @Test
  void nodeDownAtStartIsReportedAndUsedOnceItIsUp() {
    transport.close();
    MemcachedNode node = CLUSTER.cluster().node(1);
    node.kill();
    long start = System.nanoTime();
    transport = new MemcachedTransport(TransportSettings.builder(CLUSTER.cluster().addresses())
        .opTimeout(OP_TIMEOUT).connectTimeout(Duration.ofSeconds(5)).build());
    assertThat((System.nanoTime() - start) / 1_000_000)
        .as("a refusing node is not waited for until connectTimeout").isLessThan(2500);
    expectFailure(1, FailureKind.UNREACHABLE, () -> TestCalls.set(transport, 1, "late:k", 0, new byte[] {1}));
    node.restart();
    awaitServed(1);
    assertThat(TestCalls.set(transport, 1, "late:k", 0, new byte[] {1})).isTrue();
  }

  /** Runs a call that must fail with a NodeFailureException for {@code node} within the bound. */
  private NodeFailureException expectFailure(int node, FailureKind kind, Runnable call) {
    long start = System.nanoTime();
    Throwable thrown = catchThrowable(call::run);
    long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
    if (thrown instanceof CompletionException && thrown.getCause() != null) {
      thrown = thrown.getCause();
    }
    assertThat(thrown).as("a node failure, not a result").isInstanceOf(NodeFailureException.class);
    NodeFailureException failure = (NodeFailureException) thrown;
    assertThat(failure.node()).isEqualTo(node);
    if (kind != null) {
      assertThat(failure.kind()).isEqualTo(kind);
    }
    assertThat(elapsedMillis).as("returned within opTimeout + 1 s").isLessThan(BOUND_MILLIS);
    return failure;
  }

  /** Polls (deadline 10 s) until the node answers a stats probe through the transport. */
  private void awaitServed(int node) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      if (answers(() -> transport.stats(node))) {
        return;
      }
    }
    fail("node " + node + " not served again within 10 s");
  }

  private static boolean answers(Supplier<?> probe) {
    try {
      return probe.get() != null;
    } catch (NodeFailureException e) {
      java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L); // poll interval
      return false;
    }
  }
}
