package io.mcjcache.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assertions.tuple;

import io.mcjcache.event.RecordingListener.Seen;
import java.io.IOError;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import javax.cache.Cache;
import javax.cache.configuration.Factory;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryEventFilter;
import javax.cache.event.CacheEntryListener;
import javax.cache.event.CacheEntryListenerException;
import javax.cache.event.EventType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EventDispatcherTest {
  private static final Duration DEADLINE = Duration.ofSeconds(10);

  private final ExecutorService executor = Executors.newFixedThreadPool(4, runnable -> {
    var thread = new Thread(runnable, "listener-pool");
    thread.setDaemon(true);
    return thread;
  });
  private final EventDispatcher<String, String> dispatcher = new EventDispatcher<>(executor);
  private final Cache<String, String> cache = SourceCache.named("pets");

  @AfterEach
  void stop() throws InterruptedException {
    dispatcher.close();
    executor.shutdownNow();
    assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void awaitSynchronousReturnsOnlyAfterTheSynchronousListenerHasRun() throws Exception {
    var started = new CountDownLatch(1);
    var release = new CountDownLatch(1);
    var listener = new RecordingListener() {
      @Override
      void onEvent(CacheEntryEvent<? extends String, ? extends String> event) {
        started.countDown();
        awaitLatch(release);
      }
    };
    dispatcher.register(config(listener, null, false, true));
    Thread caller = Thread.currentThread();
    // Releases the listener only once the caller is parked in awaitSynchronous: if await did not
    // wait, the caller would never park and would find the listener not yet run.
    var releaser = new Thread(() -> {
      awaitLatch(started);
      waitUntil(() -> caller.getState() == Thread.State.WAITING, "the caller to block in await");
      release.countDown();
    });
    releaser.start();

    dispatcher.publishCreated(cache, "k", "Sooty");
    dispatcher.awaitSynchronous();

    assertThat(listener.seen).extracting(Seen::type, Seen::key, Seen::value)
        .containsExactly(tuple(EventType.CREATED, "k", "Sooty"));
    assertThat(listener.seen.get(0).thread()).isEqualTo("listener-pool");
    releaser.join();
  }

  @Test
  void asynchronousDeliveryKeepsThePublishedOrderOfEachKey() {
    int keys = 8;
    int updatesPerKey = 300;
    var listener = new RecordingListener() {
      @Override
      void onEvent(CacheEntryEvent<? extends String, ? extends String> event) {
        // Uneven work makes deliveries of different keys overtake each other on the pool.
        long spin = ThreadLocalRandom.current().nextInt(2_000);
        for (long i = 0; i < spin; i++) {
          Thread.onSpinWait();
        }
      }
    };
    dispatcher.register(config(listener, null, true, false));

    for (int n = 0; n < updatesPerKey; n++) {
      for (int k = 0; k < keys; k++) {
        if (n == 0) {
          dispatcher.publishCreated(cache, "key" + k, "0");
        } else {
          dispatcher.publishUpdated(cache, "key" + k, Integer.toString(n - 1), Integer.toString(n));
        }
      }
    }
    waitUntil(() -> listener.seen.size() == keys * updatesPerKey, "every event to be delivered");

    Map<String, List<String>> valuesByKey = new ConcurrentHashMap<>();
    for (Seen seen : listener.seen) {
      valuesByKey.computeIfAbsent(seen.key(), key -> new ArrayList<>()).add(seen.value());
    }
    var expected = new ArrayList<String>();
    for (int n = 0; n < updatesPerKey; n++) {
      expected.add(Integer.toString(n));
    }
    assertThat(valuesByKey).hasSize(keys);
    valuesByKey.forEach((key, values) -> assertThat(values).as(key).isEqualTo(expected));
    waitUntil(() -> dispatcher.busyKeys() == 0, "the delivery lanes of idle keys to be dropped");
  }

  @Test
  void filterDecidesWhichEventsReachTheListener() {
    var listener = new RecordingListener();
    CacheEntryEventFilter<String, String> withAnA = event -> event.getValue() != null && event.getValue().contains("a");
    dispatcher.register(config(listener, withAnA, false, true));

    dispatcher.publishCreated(cache, "1", "Lucky");
    dispatcher.publishCreated(cache, "2", "Prince");
    dispatcher.publishUpdated(cache, "2", "Prince", "Sam");
    dispatcher.awaitSynchronous();

    assertThat(listener.seen).extracting(Seen::key, Seen::value)
        .containsExactly(tuple("2", "Sam"));
  }

  @Test
  void oldValueIsShownOnlyToListenersThatRequireIt() {
    var wantsOld = new RecordingListener();
    var doesNot = new RecordingListener();
    dispatcher.register(config(wantsOld, null, true, true));
    dispatcher.register(config(doesNot, null, false, true));

    dispatcher.publishCreated(cache, "k", "v1");
    dispatcher.publishUpdated(cache, "k", "v1", "v2");
    dispatcher.publishRemoved(cache, "k", "v2");
    dispatcher.publishExpired(cache, "k", "v9"); // same key: only per-key order is promised
    dispatcher.awaitSynchronous();

    assertThat(wantsOld.seen).extracting(Seen::type, Seen::value, Seen::oldValue,
        Seen::oldValueAvailable).containsExactly(
            tuple(EventType.CREATED, "v1", null, false),
            tuple(EventType.UPDATED, "v2", "v1", true),
            tuple(EventType.REMOVED, "v2", "v2", true),
            tuple(EventType.EXPIRED, "v9", "v9", true));
    assertThat(doesNot.seen).extracting(Seen::type, Seen::value, Seen::oldValue,
        Seen::oldValueAvailable).containsExactly(
            tuple(EventType.CREATED, "v1", null, false),
            tuple(EventType.UPDATED, "v2", null, false),
            tuple(EventType.REMOVED, null, null, false),
            tuple(EventType.EXPIRED, null, null, false));
  }

  @Test
  void publishingWithoutAnOldValueThatAListenerRequiresIsRejectedBeforeAnyDelivery() {
    var doesNot = new RecordingListener();
    var wantsOld = new RecordingListener();
    dispatcher.register(config(doesNot, null, false, true));
    dispatcher.register(config(wantsOld, null, true, true));
    assertThat(dispatcher.needsOldValue(EventType.REMOVED)).isTrue();

    assertThatThrownBy(() -> dispatcher.publishRemoved(cache, "k", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("requires old values").hasMessageContaining("REMOVED");
    dispatcher.awaitSynchronous();
    assertThat(doesNot.seen).isEmpty();
    assertThat(wantsOld.seen).isEmpty();
  }

  @Test
  void withoutOldValueListenersTheCacheMayPublishWithoutOldValues() {
    var doesNot = new RecordingListener();
    dispatcher.register(config(doesNot, null, false, true));
    assertThat(dispatcher.needsOldValue(EventType.UPDATED)).isFalse();

    dispatcher.publishUpdated(cache, "k", null, "v2");
    dispatcher.awaitSynchronous();

    assertThat(doesNot.seen).extracting(Seen::value).containsExactly("v2");
  }

  @Test
  void registeringAnEqualConfigurationTwiceIsRejected() {
    var listener = new RecordingListener();
    var configuration = config(listener, null, false, true);
    dispatcher.register(configuration);

    assertThatThrownBy(() -> dispatcher.register(configuration))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already registered");
    var equalCopy = new MutableCacheEntryListenerConfiguration<>(configuration);
    assertThatThrownBy(() -> dispatcher.register(equalCopy))
        .isInstanceOf(IllegalArgumentException.class);

    dispatcher.publishCreated(cache, "k", "v");
    dispatcher.awaitSynchronous();
    assertThat(listener.seen).as("one registration, one delivery").hasSize(1);
  }

  @Test
  void configurationWithoutListenerFactoryIsRejected() {
    var noListener = new MutableCacheEntryListenerConfiguration<String, String>(null, null, false,
        false);
    assertThatThrownBy(() -> dispatcher.register(noListener))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("listener factory");
    assertThat(dispatcher.hasListeners()).isFalse();
  }

  @Test
  void deregistrationStopsDeliveryAndClosesTheListener() {
    var listener = new RecordingListener();
    var configuration = config(listener, null, false, true);
    dispatcher.register(configuration);
    dispatcher.publishCreated(cache, "a", "1");
    dispatcher.awaitSynchronous();

    dispatcher.deregister(new MutableCacheEntryListenerConfiguration<>(configuration));
    dispatcher.publishCreated(cache, "b", "2");
    dispatcher.awaitSynchronous();

    assertThat(listener.seen).extracting(Seen::key).containsExactly("a");
    assertThat(listener.closed).isTrue();
    assertThat(dispatcher.hasListeners()).isFalse();
    dispatcher.deregister(configuration); // absent now: nothing happens
  }

  @Test
  void synchronousListenerRuntimeExceptionSurfacesWrappedAndLaterEventsStillArrive() {
    var failures = new RecordingListener() {
      @Override
      void onEvent(CacheEntryEvent<? extends String, ? extends String> event) {
        if (event.getValue().equals("bad")) {
          throw new UnsupportedOperationException("no bad values");
        }
      }
    };
    dispatcher.register(config(failures, null, false, true));

    dispatcher.publishCreated(cache, "k", "bad");
    assertThatThrownBy(dispatcher::awaitSynchronous)
        .isExactlyInstanceOf(CacheEntryListenerException.class)
        .hasCauseInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("no bad values");

    dispatcher.publishUpdated(cache, "k", "bad", "good");
    dispatcher.awaitSynchronous();
    assertThat(failures.seen).extracting(Seen::value).containsExactly("good");
  }

  @Test
  void synchronousListenerExceptionOfTheRightTypeIsRethrownAsIs() {
    var thrown = new CacheEntryListenerException("I broke");
    dispatcher.register(config(onCreated(event -> {
      throw thrown;
    }), null, false, true));

    dispatcher.publishCreated(cache, "k", "v");
    assertThatThrownBy(dispatcher::awaitSynchronous).isSameAs(thrown);
  }

  @Test
  void synchronousListenerErrorIsNotWrapped() {
    dispatcher.register(config(onCreated(event -> {
      throw new IOError(null);
    }), null, false, true));

    dispatcher.publishCreated(cache, "k", "v");
    assertThatThrownBy(dispatcher::awaitSynchronous).isExactlyInstanceOf(IOError.class);
  }

  @Test
  void throwingFilterOfASynchronousListenerSurfacesToo() {
    var listener = new RecordingListener();
    dispatcher.register(config(listener, event -> {
      throw new IllegalStateException("filter broke");
    }, false, true));

    dispatcher.publishCreated(cache, "k", "v");
    assertThatThrownBy(dispatcher::awaitSynchronous)
        .isInstanceOf(CacheEntryListenerException.class).hasRootCauseMessage("filter broke");
    assertThat(listener.seen).isEmpty();
  }

  @Test
  void asynchronousListenerFailureIsSwallowedAndDeliveryGoesOn() {
    var listener = new RecordingListener() {
      @Override
      void onEvent(CacheEntryEvent<? extends String, ? extends String> event) {
        if (event.getValue().equals("bad")) {
          throw new IllegalStateException("async failure (expected by the test)");
        }
      }
    };
    dispatcher.register(config(listener, null, false, false));

    dispatcher.publishCreated(cache, "k", "bad");
    dispatcher.publishUpdated(cache, "k", "bad", "good");
    dispatcher.awaitSynchronous(); // nothing synchronous: returns, throws nothing

    waitUntil(() -> listener.seen.size() == 1, "the event after the failed one");
    assertThat(listener.seen.get(0).value()).isEqualTo("good");
  }

  @Test
  void ignoreSynchronousForgetsFailuresOfThePublishedEvents() {
    var delivered = new CountDownLatch(1);
    dispatcher.register(config(onCreated(event -> {
      delivered.countDown();
      throw new IllegalStateException("ignored on purpose");
    }), null, false, true));

    dispatcher.publishCreated(cache, "k", "v");
    dispatcher.ignoreSynchronous();
    awaitLatch(delivered);
    dispatcher.awaitSynchronous();
  }

  @Test
  void synchronousFailuresBelongToThePublishingThreadOnly() throws Exception {
    dispatcher.register(config(onCreated(event -> {
      throw new IllegalStateException("only for the publisher");
    }), null, false, true));
    dispatcher.publishCreated(cache, "k", "v");

    var otherThreadFailure = new CopyOnWriteArrayList<Throwable>();
    var other = new Thread(() -> {
      try {
        dispatcher.awaitSynchronous();
      } catch (Throwable t) {
        otherThreadFailure.add(t);
      }
    });
    other.start();
    other.join();

    assertThat(otherThreadFailure).isEmpty();
    assertThatThrownBy(dispatcher::awaitSynchronous)
        .isInstanceOf(CacheEntryListenerException.class);
  }

  @Test
  void listenerReceivesOnlyTheEventTypesItImplements() {
    var created = new CopyOnWriteArrayList<EventType>();
    dispatcher.register(config(onCreated(event -> created.add(event.getEventType())), null, false,
        true));

    assertThat(dispatcher.hasListenersFor(EventType.CREATED)).isTrue();
    assertThat(dispatcher.hasListenersFor(EventType.REMOVED)).isFalse();
    dispatcher.publishCreated(cache, "k", "v");
    dispatcher.publishUpdated(cache, "k", "v", "w");
    dispatcher.publishRemoved(cache, "k", "w");
    dispatcher.awaitSynchronous();

    assertThat(created).containsExactly(EventType.CREATED);
  }

  @Test
  void eventUnwrapsToItsOwnClassOnly() {
    var events = new CopyOnWriteArrayList<CacheEntryEvent<? extends String, ? extends String>>();
    dispatcher.register(config(onCreated(events::add), null, false, true));
    dispatcher.publishCreated(cache, "k", "v");
    dispatcher.awaitSynchronous();

    var event = events.get(0);
    assertThat((Object) event.getSource()).isSameAs(cache);
    assertThat(event.unwrap(JCacheEntryEvent.class)).isSameAs(event);
    assertThat(event.unwrap(CacheEntryEvent.class)).isSameAs(event);
    assertThatThrownBy(() -> event.unwrap(String.class))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void closeClosesListenersAndFiltersAndStopsDelivery() {
    var listener = new RecordingListener();
    var filterClosed = new AtomicBoolean();
    dispatcher.register(config(listener, new ClosingFilter(filterClosed), false, false));

    dispatcher.close();
    dispatcher.publishCreated(cache, "k", "v");

    assertThat(listener.closed).isTrue();
    assertThat(filterClosed).isTrue();
    assertThat(dispatcher.hasListeners()).isFalse();
    assertThat(listener.seen).isEmpty();
    assertThatThrownBy(() -> dispatcher.register(config(new RecordingListener(), null, false, true)))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void withoutListenersPublishingDoesNothing() {
    assertThat(dispatcher.hasListeners()).isFalse();
    dispatcher.publishCreated(null, "k", "v"); // not even the source is looked at
    dispatcher.awaitSynchronous();
    assertThat(dispatcher.busyKeys()).isZero();
  }

  private static final class ClosingFilter
      implements CacheEntryEventFilter<String, String>, AutoCloseable {
    private final AtomicBoolean closed;

    ClosingFilter(AtomicBoolean closed) {
      this.closed = closed;
    }

    @Override
    public boolean evaluate(CacheEntryEvent<? extends String, ? extends String> event) {
      return true;
    }

    @Override
    public void close() {
      closed.set(true);
    }
  }

  /** A listener of CREATED events only. */
  private static CacheEntryCreatedListener<String, String> onCreated(
      java.util.function.Consumer<CacheEntryEvent<? extends String, ? extends String>> action) {
    return events -> events.forEach(action);
  }

  private static MutableCacheEntryListenerConfiguration<String, String> config(
      CacheEntryListener<? super String, ? super String> listener,
      CacheEntryEventFilter<? super String, ? super String> filter, boolean oldValueRequired,
      boolean synchronous) {
    Factory<CacheEntryListener<? super String, ? super String>> listenerFactory = () -> listener;
    Factory<CacheEntryEventFilter<? super String, ? super String>> filterFactory =
        filter == null ? null : () -> filter;
    return new MutableCacheEntryListenerConfiguration<>(listenerFactory, filterFactory,
        oldValueRequired, synchronous);
  }

  private static void awaitLatch(CountDownLatch latch) {
    try {
      if (!latch.await(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
        fail("latch not released within " + DEADLINE);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static void waitUntil(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("timed out after " + DEADLINE + " waiting for " + what);
      }
      Thread.onSpinWait();
      Thread.yield();
    }
  }
}
