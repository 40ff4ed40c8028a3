package io.mcjcache.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.logging.LogManager;

/**
 * Configures {@code java.util.logging} of a benchmark fork from {@code bench-logging.properties} on the
 * class path. Named by {@code -Djava.util.logging.config.class} in every fork's JVM arguments, because a
 * {@code config.file} would have to be a path on disk, which a jar run from anywhere does not have.
 */
public final class QuietLogging {
  public QuietLogging() {
    try (InputStream settings = QuietLogging.class.getResourceAsStream("/bench-logging.properties")) {
      if (settings == null) {
        throw new IllegalStateException("bench-logging.properties is missing from the class path");
      }
      LogManager.getLogManager().readConfiguration(settings);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read bench-logging.properties", e);
    }
  }
}
