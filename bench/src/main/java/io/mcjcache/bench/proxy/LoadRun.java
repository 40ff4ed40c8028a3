package io.mcjcache.bench.proxy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * One measurement of one operation against one endpoint. Closed loop (the default): {@code threads} client threads share
 * the round's connections (connection {@code c} belongs to thread {@code c % threads}); each thread keeps one
 * request outstanding on each of its connections and serves them in turn: read connection i's answer,
 * record its latency (from the write of the request to the last byte of the answer), check it, send the
 * next request on i, go to i+1. Open loop ({@code rate} > 0): a thread per connection, each sending on a
 * fixed schedule. Keys are uniform over the key set, from a seeded random stream per thread.
 * Warm-up, then the measured window: only requests sent inside it count, and the CPU accounting covers
 * exactly that window.
 */
final class LoadRun {
  private static final int WARMUP = 0;
  private static final int MEASURE = 1;
  private static final int STOP = 2;

  private volatile int phase = WARMUP;
  private volatile long measureFrom = Long.MAX_VALUE;
  private volatile long measureTo = Long.MAX_VALUE;

  /** What one row of one round measured. */
  record Result(long ops, double seconds, LatencyHistogram latencies, long errors, String firstError,
      CpuAccounting.Usage usage) {
    double opsPerSecond() {
      return ops / seconds;
    }

    /** Microseconds at quantile {@code q}. */
    double micros(double q) {
      return latencies.quantile(q) / 1000.0;
    }
  }

  /**
   * @param rate 0 for the closed loop; otherwise the total requests per second, spread evenly over the
   *     connections, each connection on a thread of its own sending on a fixed schedule (open loop, as wrk2):
   *     a latency is then counted from the request's intended send time, so a request delayed by a slow
   *     earlier one is charged for the wait (no coordinated omission)
   */
  static Result run(List<TextConnection> connections, boolean get, Keyspace keys, int threads, double rate,
      double warmupSeconds, double measureSeconds, long seed, CpuAccounting cpu, List<Long> endpointPids)
      throws IOException {
    return new LoadRun().execute(connections, get, keys, threads, rate, warmupSeconds, measureSeconds, seed, cpu,
        endpointPids);
  }

  private Result execute(List<TextConnection> connections, boolean get, Keyspace keys, int threadCount, double rate,
      double warmupSeconds, double measureSeconds, long seed, CpuAccounting cpu, List<Long> endpointPids)
      throws IOException {
    int threads = rate > 0 ? connections.size() : Math.min(threadCount, connections.size());
    long intervalNanos = rate > 0 ? (long) (1e9 * connections.size() / rate) : 0;
    long firstAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(10);
    List<Worker> workers = new ArrayList<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    for (int t = 0; t < threads; t++) {
      List<TextConnection> own = new ArrayList<>();
      for (int c = t; c < connections.size(); c += threads) {
        own.add(connections.get(c));
      }
      Worker worker = new Worker(own, get, keys, new SplittableRandom(seed * 1_000_003L + t), failure,
          intervalNanos, firstAt + intervalNanos * t / threads);
      worker.setName("pb-client-" + t);
      worker.setDaemon(true);
      workers.add(worker);
    }
    workers.forEach(Thread::start);
    sleep(warmupSeconds, failure);
    CpuAccounting.Snapshot before = cpu.snapshot(endpointPids);
    long start = System.nanoTime();
    measureFrom = start;
    phase = MEASURE;
    sleep(measureSeconds, failure);
    long end = System.nanoTime();
    measureTo = end;
    CpuAccounting.Snapshot after = cpu.snapshot(endpointPids);
    phase = STOP;
    for (Worker worker : workers) {
      try {
        worker.join(TimeUnit.SECONDS.toMillis(TextConnection.READ_TIMEOUT_MS / 1000 + 5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while stopping the load", e);
      }
    }
    if (failure.get() != null) {
      throw new IOException("the load failed: " + failure.get(), failure.get());
    }
    LatencyHistogram all = new LatencyHistogram();
    long errors = 0;
    String firstError = null;
    for (Worker worker : workers) {
      all.add(worker.histogram);
      errors += worker.errors;
      if (firstError == null) {
        firstError = worker.firstError;
      }
    }
    return new Result(all.count(), (end - start) / 1e9, all, errors, firstError,
        CpuAccounting.between(before, after, all.count() + errors));
  }

  private static void sleep(double seconds, AtomicReference<Throwable> failure) throws IOException {
    long until = System.nanoTime() + (long) (seconds * 1e9);
    while (System.nanoTime() < until && failure.get() == null) {
      LockSupport.parkNanos(Math.min(until - System.nanoTime(), TimeUnit.MILLISECONDS.toNanos(50)));
    }
    if (failure.get() != null) {
      throw new IOException("the load failed: " + failure.get(), failure.get());
    }
  }

  private final class Worker extends Thread {
    private final List<TextConnection> connections;
    private final boolean get;
    private final Keyspace keys;
    private final SplittableRandom random;
    private final AtomicReference<Throwable> failure;
    private final long intervalNanos;
    private final long firstAt;
    final LatencyHistogram histogram = new LatencyHistogram();
    long errors;
    String firstError;

    Worker(List<TextConnection> connections, boolean get, Keyspace keys, SplittableRandom random,
        AtomicReference<Throwable> failure, long intervalNanos, long firstAt) {
      this.connections = connections;
      this.intervalNanos = intervalNanos;
      this.firstAt = firstAt;
      this.get = get;
      this.keys = keys;
      this.random = random;
      this.failure = failure;
    }

    @Override
    public void run() {
      try {
        if (intervalNanos > 0) {
          paced(connections.get(0));
          return;
        }
        for (TextConnection connection : connections) {
          connection.send(get, random.nextInt(keys.size()));
        }
        while (true) {
          for (TextConnection connection : connections) {
            if (!connection.hasPending()) {
              continue;
            }
            long sentAt = connection.sentAt();
            String wrong = connection.receive();
            long now = System.nanoTime();
            if (sentAt >= measureFrom && sentAt < measureTo) {
              if (wrong == null) {
                histogram.record(now - sentAt);
              } else {
                errors++;
                if (firstError == null) {
                  firstError = wrong;
                }
              }
            }
            if (phase != STOP) {
              connection.send(get, random.nextInt(keys.size()));
            }
          }
          if (phase == STOP && connections.stream().noneMatch(TextConnection::hasPending)) {
            return;
          }
        }
      } catch (IOException | RuntimeException e) {
        failure.compareAndSet(null, e);
      }
    }

    /** The open loop: request k is due at firstAt + k * interval; a late one is sent at once. */
    private void paced(TextConnection connection) throws IOException {
      for (long due = firstAt; phase != STOP; due += intervalNanos) {
        long wait;
        while ((wait = due - System.nanoTime()) > 0 && phase != STOP) {
          LockSupport.parkNanos(wait);
        }
        if (phase == STOP) {
          return;
        }
        connection.send(get, random.nextInt(keys.size()));
        String wrong = connection.receive();
        long now = System.nanoTime();
        if (due >= measureFrom && due < measureTo) {
          if (wrong == null) {
            histogram.record(now - due);
          } else {
            errors++;
            if (firstError == null) {
              firstError = wrong;
            }
          }
        }
      }
    }
  }
}
