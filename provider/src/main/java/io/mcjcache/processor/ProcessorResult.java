package io.mcjcache.processor;

import javax.cache.processor.EntryProcessorException;
import javax.cache.processor.EntryProcessorResult;

/** One key's answer from {@code invokeAll}: the processor's result, or the exception it ended with. */
public final class ProcessorResult<T> implements EntryProcessorResult<T> {
  private final T value;
  private final EntryProcessorException failure;

  private ProcessorResult(T value, EntryProcessorException failure) {
    this.value = value;
    this.failure = failure;
  }

  public static <T> ProcessorResult<T> of(T value) {
    return new ProcessorResult<>(value, null);
  }

  public static <T> ProcessorResult<T> failed(Throwable cause) {
    EntryProcessorException failure = cause instanceof EntryProcessorException e
        ? e
        : new EntryProcessorException(cause);
    return new ProcessorResult<>(null, failure);
  }

  @Override
  public T get() {
    if (failure != null) {
      throw failure;
    }
    return value;
  }
}
