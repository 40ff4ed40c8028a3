package io.mcjcache.integration.atomic;

import static io.mcjcache.integration.ChildSide.exitWhenInputEnds;
import static io.mcjcache.integration.ChildSide.oneLine;
import static io.mcjcache.integration.ChildSide.say;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.Serializable;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.MutableEntry;

/**
 * One client JVM of {@link MultiProcessCounterTest}: opens its own mcjcache manager on the cluster and
 * increments one counter with {@code Cache.invoke} from a few threads.
 *
 * <p>Arguments: {@code uri cacheName key increments threads [pauseMs]}: each of {@code threads} threads
 * invokes {@link Increment} {@code increments} times, sleeping {@code pauseMs} (default 0) between two
 * invokes, so that a run lasts long enough for a fault to hit it in the middle.
 *
 * <p>Protocol on stdin/stdout, one line each: prints {@code ready} once the cache is open, then waits for
 * {@code go} on stdin (so that every client starts contending at once); prints {@code progress <n>} every
 * {@value #PROGRESS_EVERY} finished invokes, {@code failure <thread> <exception>} for the first
 * {@value #FAILURES_SHOWN} failed ones, and at the end {@code done ok=<n> failed=<m>}, then exits 0.
 * Every exception from {@code invoke} counts as a failure. It exits (status 3) as soon as its stdin
 * closes, so it never outlives the test that started it.
 */
public final class CounterClient {
  static final String READY = "ready";
  static final String GO = "go";
  static final String PROGRESS = "progress ";
  static final String FAILURE = "failure ";
  static final String DONE = "done ";
  static final int PROGRESS_EVERY = 10;
  private static final int FAILURES_SHOWN = 5;

  private CounterClient() {}

  /** Adds one to a {@code Long} counter, creating it at 1; returns the new value. */
  static final class Increment implements EntryProcessor<String, Long, Long>, Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public Long process(MutableEntry<String, Long> entry, Object... arguments) {
      long next = (entry.exists() ? entry.getValue() : 0L) + 1;
      entry.setValue(next);
      return next;
    }
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 5 || args.length > 6) {
      System.err.println("usage: CounterClient uri cacheName key increments threads [pauseMs]");
      System.exit(2);
    }
    URI uri = URI.create(args[0]);
    String cacheName = args[1];
    String key = args[2];
    int increments = Integer.parseInt(args[3]);
    int threads = Integer.parseInt(args[4]);
    long pauseMs = args.length == 6 ? Long.parseLong(args[5]) : 0;

    CacheManager manager = Caching.getCachingProvider("io.mcjcache.MemcachedCachingProvider")
        .getCacheManager(uri, CounterClient.class.getClassLoader());
    Cache<String, Long> cache = manager.createCache(cacheName,
        new MutableConfiguration<String, Long>().setTypes(String.class, Long.class));

    BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    say(READY);
    String command = stdin.readLine();
    if (!GO.equals(command)) {
      System.err.println("expected '" + GO + "' on stdin, got " + command);
      System.exit(3);
    }
    exitWhenInputEnds(stdin);

    AtomicLong ok = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    AtomicInteger finished = new AtomicInteger();
    AtomicInteger shown = new AtomicInteger();
    Increment increment = new Increment();
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread worker = new Thread(() -> {
        for (int i = 0; i < increments; i++) {
          try {
            cache.invoke(key, increment);
            ok.incrementAndGet();
          } catch (Exception e) {
            failed.incrementAndGet();
            if (shown.incrementAndGet() <= FAILURES_SHOWN) {
              say(FAILURE + Thread.currentThread().getName() + " " + oneLine(e));
            }
          }
          int done = finished.incrementAndGet();
          if (done % PROGRESS_EVERY == 0) {
            say(PROGRESS + done);
          }
          if (pauseMs > 0) {
            try {
              TimeUnit.MILLISECONDS.sleep(pauseMs);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              return;
            }
          }
        }
      }, "incrementer-" + t);
      workers.add(worker);
      worker.start();
    }
    for (Thread worker : workers) {
      worker.join();
    }
    say(DONE + "ok=" + ok.get() + " failed=" + failed.get());
    try {
      manager.close();
    } finally {
      System.exit(0);
    }
  }
}
