package io.mcjcache.integration;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The spec asks a closing cache to close the loaders, writers, listeners and expiry policies it created
 * from factories when they hold resources. A failure to close one must not stop the others.
 */
public final class Closing {
  private static final Logger LOG = Logger.getLogger(Closing.class.getName());

  private Closing() {}

  /** Closes {@code component} when it is {@link AutoCloseable}; logs and swallows a failure. */
  public static void closeIfCloseable(Object component, String role) {
    if (component instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        LOG.log(Level.WARNING, "closing the " + role + " " + component.getClass().getName() + " failed", e);
      }
    }
  }
}
