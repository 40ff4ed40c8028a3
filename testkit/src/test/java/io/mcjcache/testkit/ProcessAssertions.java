package io.mcjcache.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Collection;

/** Waits, with a deadline, for processes to be gone: process exit is asynchronous to the signal. */
final class ProcessAssertions {
  private ProcessAssertions() {}

  static void assertAllGoneWithin(Collection<Long> pids, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline && pids.stream().anyMatch(ProcessAssertions::alive)) {
      Thread.sleep(50);
    }
    assertThat(pids).as("memcached pids still running").noneMatch(ProcessAssertions::alive);
  }

  static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }
}
