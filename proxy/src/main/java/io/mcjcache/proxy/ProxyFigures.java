package io.mcjcache.proxy;

import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/** The counters behind {@link ProxyFiguresMXBean}; updated by every connection, read by stats and JMX. */
final class ProxyFigures implements ProxyFiguresMXBean {
  final LongAdder current = new LongAdder();
  final LongAdder total = new LongAdder();
  final LongAdder rejected = new LongAdder();
  final LongAdder idleClosed = new LongAdder();
  final LongAdder getKeys = new LongAdder();
  final LongAdder getHits = new LongAdder();
  final LongAdder storage = new LongAdder();
  final LongAdder clientErrors = new LongAdder();
  final LongAdder serverErrors = new LongAdder();

  @Override
  public long getCurrentConnections() {
    return current.sum();
  }

  @Override
  public long getTotalConnections() {
    return total.sum();
  }

  @Override
  public long getRejectedConnections() {
    return rejected.sum();
  }

  @Override
  public long getIdleClosedConnections() {
    return idleClosed.sum();
  }

  @Override
  public long getGetKeys() {
    return getKeys.sum();
  }

  @Override
  public long getGetHits() {
    return getHits.sum();
  }

  @Override
  public long getStorageCommands() {
    return storage.sum();
  }

  @Override
  public long getClientErrors() {
    return clientErrors.sum();
  }

  @Override
  public long getServerErrors() {
    return serverErrors.sum();
  }

  /** {@code stats reset}: every counter back to zero but the connections open now, as memcached does. */
  void reset() {
    for (LongAdder counter : List.of(total, rejected, idleClosed, getKeys, getHits, storage, clientErrors,
        serverErrors)) {
      counter.reset();
    }
  }

  /** Counts an answer line that reports an error. */
  void countAnswer(String line) {
    if (line == null) {
      return;
    }
    if (line.startsWith("SERVER_ERROR")) {
      serverErrors.increment();
    } else if (line.equals("ERROR") || line.startsWith("CLIENT_ERROR")) {
      clientErrors.increment();
    }
  }
}
