package io.mcjcache.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.processor.EntryProcessorException;
import org.junit.jupiter.api.Test;

/**
 * What an entry processor asked for, which decides the write, the event, the statistics and the expiry
 * question: reads of an existing value are accesses; reads of a missing one load through when the cache
 * is read-through; removing what the invocation itself created or loaded leaves the cache as it was.
 */
class ProcessorEntryTest {

  @Test
  void readingAnExistingValueIsAnAccessAndFetchesItOnce() {
    AtomicInteger fetches = new AtomicInteger();
    ProcessorEntry<String, String> entry = new ProcessorEntry<>("k", true, () -> "v" + fetches.incrementAndGet(),
        null);
    assertThat(entry.getValue()).isEqualTo("v1");
    assertThat(entry.getValue()).isEqualTo("v1");
    assertThat(entry.operation()).isEqualTo(EntryOperation.ACCESS);
    assertThat(fetches).hasValue(1);
  }

  @Test
  void readingAMissingValueLoadsThroughAndRemovingItLeavesTheCacheAsItWas() {
    ProcessorEntry<String, String> entry = new ProcessorEntry<>("k", false, () -> null, key -> "loaded-" + key);
    assertThat(entry.exists()).isFalse();
    assertThat(entry.getValue()).isEqualTo("loaded-k");
    assertThat(entry.operation()).isEqualTo(EntryOperation.LOAD);
    assertThat(entry.exists()).isTrue();
    entry.remove();
    assertThat(entry.operation()).as("removing what this invocation loaded").isEqualTo(EntryOperation.NONE);
  }

  @Test
  void settingAValueCreatesOrUpdatesAndRemovingAnExistingOneRemoves() {
    ProcessorEntry<String, String> absent = new ProcessorEntry<>("k", false, () -> null, null);
    absent.setValue("new");
    assertThat(absent.operation()).isEqualTo(EntryOperation.CREATE);
    assertThat(absent.value()).isEqualTo("new");
    absent.remove();
    assertThat(absent.operation()).as("removing what this invocation created").isEqualTo(EntryOperation.NONE);

    ProcessorEntry<String, String> present = new ProcessorEntry<>("k", true, () -> "old", null);
    present.setValue("newer");
    assertThat(present.operation()).isEqualTo(EntryOperation.UPDATE);
    present.remove();
    assertThat(present.operation()).isEqualTo(EntryOperation.REMOVE);
    assertThat(present.exists()).isFalse();
    assertThatThrownBy(() -> present.setValue(null)).isInstanceOf(NullPointerException.class)
        .hasMessageContaining("remove()");
  }

  @Test
  void aFailedProcessorsResultRethrowsAsTheSpecsException() {
    ProcessorResult<String> failed = ProcessorResult.failed(new IllegalStateException("boom"));
    assertThatThrownBy(failed::get).isInstanceOf(EntryProcessorException.class).hasRootCauseMessage("boom");
    EntryProcessorException own = new EntryProcessorException("own");
    assertThatThrownBy(ProcessorResult.failed(own)::get).isSameAs(own);
    assertThat(ProcessorResult.of("v").get()).isEqualTo("v");
  }
}
