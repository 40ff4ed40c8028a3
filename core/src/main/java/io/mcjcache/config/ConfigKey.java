package io.mcjcache.config;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Every configuration key mcjcache understands. The key names are a public contract (docs/design.md,
 * "Configuration"; the table is docs/configuration.md, "Keys"): renaming one breaks users' files, so add,
 * never rename.
 *
 * <p>A key marked per-cache may also be written {@code cache.<cacheName>.<key>} to override it for one
 * cache; the others describe the cluster or the manager and only make sense once.
 */
public enum ConfigKey {
  SERVERS("servers", false),
  MIRROR("mirror", false),
  HASH("hash", false),
  OP_TIMEOUT_MS("opTimeoutMs", false),
  HEALTH_INTERVAL_MS("healthIntervalMs", false),
  FAILURES_TO_DEAD("failuresToDead", false),
  SUCCESSES_TO_ALIVE("successesToAlive", false),
  RECOVERY_WINDOW_SEC("recoveryWindowSec", false),
  ALL_DOWN("allDown", false),
  NEAR_CACHE_MAX_ENTRIES("nearCache.maxEntries", true),
  NEAR_CACHE_TTL_MS("nearCache.ttlMs", true),
  REJOIN("rejoin", false),
  NAMESPACE("namespace", false),
  ITEM_SIZE_LIMIT("itemSizeLimit", false),
  LIVENESS_FILE("liveness.file", false),
  LIVENESS_SYNC_MS("liveness.syncMs", false),
  PROXY_NAMESPACE("proxy.namespace", false),
  TLS("tls", false),
  TLS_TRUST_STORE("tls.trustStore", false),
  TLS_TRUST_STORE_PASSWORD("tls.trustStorePassword", false),
  TLS_KEY_STORE("tls.keyStore", false),
  TLS_KEY_STORE_PASSWORD("tls.keyStorePassword", false),
  TLS_HOSTNAME_VERIFICATION("tls.hostnameVerification", false),
  AUTH_USERNAME("auth.username", false),
  AUTH_PASSWORD("auth.password", false),
  AUTH_PASSWORD_FILE("auth.passwordFile", false),
  /** Named by the codec, which owns the allow-list's syntax and meaning: one name, defined once. */
  SERIALIZATION_ALLOW_LIST(DeserializationAllowList.SETTING, false);

  /** The prefix of per-cache overrides: {@code cache.<cacheName>.<key>}. */
  public static final String PER_CACHE_PREFIX = "cache.";

  private final String key;
  private final boolean perCache;

  ConfigKey(String key, boolean perCache) {
    this.key = key;
    this.perCache = perCache;
  }

  /** The key as written in a URI query, a properties file or {@code Properties}. */
  public String key() {
    return key;
  }

  /** Whether {@code cache.<cacheName>.}{@link #key()} may override this key for one cache. */
  public boolean isPerCache() {
    return perCache;
  }

  /** The key spelled exactly {@code name} (keys are case-sensitive, like Java properties). */
  public static Optional<ConfigKey> byName(String name) {
    return Arrays.stream(values()).filter(k -> k.key.equals(name)).findFirst();
  }

  /** All key names, comma-separated, for error messages. */
  static String knownKeys() {
    return Arrays.stream(values()).map(ConfigKey::key).collect(Collectors.joining(", "))
        + ", " + PER_CACHE_PREFIX + "<cacheName>.<" + perCacheKeys() + ">";
  }

  /** The per-cache key names joined by '|', for error messages. */
  static String perCacheKeys() {
    return Arrays.stream(values()).filter(ConfigKey::isPerCache).map(ConfigKey::key)
        .collect(Collectors.joining("|"));
  }

  @Override
  public String toString() {
    return key;
  }
}
