package io.mcjcache.bench;

/**
 * JVM arguments every benchmark fork gets, in one place so that all peers run under the same JVM
 * settings. A fixed heap keeps the in-process peer (Caffeine, 100,000 values of 1 KB) from measuring
 * heap growth.
 *
 * <p>spymemcached logs through SLF4J (bound to slf4j-nop here), not through {@code java.util.logging}:
 * spymemcached's {@code SunLogger} builds a {@code Throwable} and walks its stack trace for every
 * debug message, even when debug is off, and its get path logs several per call. Measured here: raw
 * spymemcached get, 4 threads, about 23,000 calls/s with {@code SunLogger} against 30,000-32,000 with
 * {@code SLF4JLogger}. That would tax mcjcache and its floor alike and hide the differences between them.
 * {@link QuietLogging} keeps whatever else logs through {@code java.util.logging} to warnings.
 */
final class ForkSettings {
  static final String HEAP_MIN = "-Xms2g";
  static final String HEAP_MAX = "-Xmx2g";
  static final String IPV4 = "-Djava.net.preferIPv4Stack=true";
  static final String SPY_LOGGER = "-Dnet.spy.log.LoggerImpl=net.spy.memcached.compat.log.SLF4JLogger";
  static final String QUIET_LOGGING = "-Djava.util.logging.config.class=io.mcjcache.bench.QuietLogging";

  private ForkSettings() {}
}
