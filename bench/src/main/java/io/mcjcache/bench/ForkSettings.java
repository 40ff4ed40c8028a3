package io.mcjcache.bench;

/**
 * JVM arguments every benchmark fork gets, in one place so that all peers run under the same JVM
 * settings. A fixed heap keeps the in-process peer (Caffeine, 100,000 values of 1 KB) from measuring
 * heap growth; spymemcached is told to log through {@code java.util.logging}, which {@link QuietLogging}
 * keeps to warnings.
 */
final class ForkSettings {
  static final String HEAP_MIN = "-Xms2g";
  static final String HEAP_MAX = "-Xmx2g";
  static final String IPV4 = "-Djava.net.preferIPv4Stack=true";
  static final String SPY_LOGGER = "-Dnet.spy.log.LoggerImpl=net.spy.memcached.compat.log.SunLogger";
  static final String QUIET_LOGGING = "-Djava.util.logging.config.class=io.mcjcache.bench.QuietLogging";

  private ForkSettings() {}
}
