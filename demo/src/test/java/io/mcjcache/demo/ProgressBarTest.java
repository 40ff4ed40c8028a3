package io.mcjcache.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Without a terminal the demo's progress is plain lines, a few of them, never redrawn frames. */
class ProgressBarTest {
  @Test
  void withoutATerminalProgressIsAPlainLineEveryFewSecondsAndAtEachStep() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    AtomicLong nanos = new AtomicLong();
    ProgressBar progress = ProgressBar.plain(new PrintStream(bytes, true, StandardCharsets.UTF_8), 1000, nanos::get);
    progress.label("loading");
    for (int i = 0; i < 500; i++) { // 500 advances within one second: no line
      progress.advance(1);
      nanos.addAndGet(1_000_000);
    }
    nanos.addAndGet(ProgressBar.PLAIN_INTERVAL_SECONDS * 1_000_000_000L);
    progress.advance(100); // the interval has passed: one line
    progress.advance(100); // and not again at once
    progress.label("reading");
    progress.finish();
    String text = bytes.toString(StandardCharsets.UTF_8);
    assertThat(text).doesNotContain("\r").doesNotContain("\033");
    assertThat(text.lines()).containsExactly("progress 0%: loading", "progress 60%: loading",
        "progress 70%: reading");
  }
}
