package io.mcjcache.transport;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import net.spy.memcached.OperationFactory;
import net.spy.memcached.ops.Operation;
import net.spy.memcached.ops.OperationStatus;
import net.spy.memcached.ops.StatsOperation;
import net.spy.memcached.ops.StatusCode;

/**
 * {@code stats} on one node, with the same failure reporting as key operations. spymemcached's own
 * {@code getStats()} cannot be used: they wait for all nodes,
 * return a partial map on timeout without saying so, and queue onto a disconnected node instead of
 * failing. Here the operation is broadcast to the one node only and our callback records the status,
 * so timeout, cancellation and error replies are told apart.
 */
final class NodeQueries {

  private final NodeConnections connections;
  private final OperationFactory operations;
  private final long timeoutNanos;

  NodeQueries(NodeConnections connections, long timeoutNanos) {
    this.connections = connections;
    this.operations = connections.factory().getOperationFactory();
    this.timeoutNanos = timeoutNanos;
  }

  /** {@code stats} (group null) or {@code stats <group>} (settings, items, slabs, ...). */
  Map<String, String> stats(int node, String group) {
    Map<String, String> values = new ConcurrentHashMap<>();
    OperationStatus status = await(node, reply -> operations.stats(group, new StatsOperation.Callback() {
      @Override
      public void gotStat(String name, String value) {
        values.put(name, value);
      }

      @Override
      public void receivedStatus(OperationStatus s) {
        reply.status.set(s);
      }

      @Override
      public void complete() {
        reply.done.complete(null);
      }
    }));
    requireSuccess(node, "stats", status);
    return Map.copyOf(values);
  }

  private OperationStatus await(int node, Function<Reply, Operation> op) {
    if (!connections.isConnected(node)) {
      throw connections.notConnected(node);
    }
    Reply reply = new Reply();
    try {
      connections.broadcastTo(node, (spyNode, latch) -> op.apply(reply.countingDown(latch)));
      reply.done.get(timeoutNanos, TimeUnit.NANOSECONDS);
    } catch (TimeoutException | InterruptedException | ExecutionException | IllegalStateException e) {
      throw FailureTranslator.translate(node, null, e);
    }
    OperationStatus status = reply.status.get();
    if (status == null) {
      throw new NodeFailureException(node, FailureKind.PROTOCOL, "completed without a status", null);
    }
    return status;
  }

  private static void requireSuccess(int node, String command, OperationStatus status) {
    if (status.getStatusCode() == StatusCode.CANCELLED) {
      throw new NodeFailureException(node, FailureKind.UNREACHABLE, command + " cancelled: connection lost", null);
    }
    if (!status.isSuccess()) {
      throw new NodeFailureException(node, FailureKind.PROTOCOL, command + " failed: " + status.getMessage(), null);
    }
  }

  /** Where a callback leaves its outcome; the broadcast latch is counted down as well. */
  private static final class Reply {
    final AtomicReference<OperationStatus> status = new AtomicReference<>();
    final CompletableFuture<Void> done = new CompletableFuture<>();

    Reply countingDown(CountDownLatch latch) {
      done.whenComplete((v, e) -> latch.countDown());
      return this;
    }
  }
}
