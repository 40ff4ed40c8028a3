package io.mcjcache.tck;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Counts the TCK's test runs of one session and writes one line per session, naming the near cache mode,
 * to {@code target/tck-summary-near-cache-<on|off>[-tls-auth].txt} and to standard output: the build runs
 * the TCK three times (near cache on, off, and its core classes on TLS with authentication), and this is where
 * the counts can be read side by side.
 */
public final class TckSummary implements TestExecutionListener {
  private final AtomicLong run = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong aborted = new AtomicLong();
  private final AtomicLong skipped = new AtomicLong();

  @Override
  public void executionSkipped(TestIdentifier test, String reason) {
    if (test.isTest()) {
      skipped.incrementAndGet();
    }
  }

  @Override
  public void executionFinished(TestIdentifier test, TestExecutionResult result) {
    if (!test.isTest()) {
      return;
    }
    run.incrementAndGet();
    switch (result.getStatus()) {
      case FAILED -> failed.incrementAndGet();
      case ABORTED -> aborted.incrementAndGet();
      case SUCCESSFUL -> {}
    }
  }

  @Override
  public void testPlanExecutionFinished(TestPlan plan) {
    String mode = TckCluster.nearCacheOn() ? "on" : "off";
    String servers = TckCluster.secured() ? ", TLS with authentication" : "";
    String line = String.format("mcjcache TCK, near cache %s%s: %d run, %d failed, %d aborted, %d skipped%n",
        mode, servers, run.get(), failed.get(), aborted.get(), skipped.get());
    System.out.print(line);
    try {
      Path target = Path.of("target");
      Files.createDirectories(target);
      Files.writeString(target.resolve("tck-summary-near-cache-" + mode + (TckCluster.secured() ? "-tls-auth" : "")
          + ".txt"), line);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the TCK summary", e);
    }
  }
}
