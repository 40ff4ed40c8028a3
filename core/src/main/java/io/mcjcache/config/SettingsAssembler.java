package io.mcjcache.config;

import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BiFunction;

/**
 * Turns merged key/value text into {@link ClusterSettings}: every key must be known, every value
 * valid, every absent key gets its default. Where values came from (URI, file, caller) is already
 * decided; this class only reads them, and adds the origin to any error.
 */
final class SettingsAssembler {

  private final Map<ConfigKey, RawSetting> managerValues = new EnumMap<>(ConfigKey.class);
  private final Map<String, Map<ConfigKey, RawSetting>> cacheValues = new TreeMap<>();

  private SettingsAssembler() {}

  static ClusterSettings assemble(Map<String, RawSetting> merged) {
    SettingsAssembler assembler = new SettingsAssembler();
    merged.forEach(assembler::classify);
    return assembler.build();
  }

  private void classify(String key, RawSetting raw) {
    if (raw.value().isBlank()) {
      throw withOrigin(new IllegalArgumentException("mcjcache: " + key + " must not be empty"), raw);
    }
    Optional<ConfigKey> known = ConfigKey.byName(key);
    if (known.isPresent()) {
      managerValues.put(known.get(), raw);
    } else if (key.startsWith(ConfigKey.PER_CACHE_PREFIX)) {
      classifyPerCache(key, raw);
    } else {
      throw withOrigin(new IllegalArgumentException("mcjcache: unknown configuration key '" + key
          + "' (known keys: " + ConfigKey.knownKeys() + ")"), raw);
    }
  }

  /** Cache names may contain dots, so the key is matched from its end: cache.{name}.{per-cache key}. */
  private void classifyPerCache(String key, RawSetting raw) {
    String rest = key.substring(ConfigKey.PER_CACHE_PREFIX.length());
    for (ConfigKey candidate : ConfigKey.values()) {
      String suffix = "." + candidate.key();
      if (rest.endsWith(suffix) && rest.length() > suffix.length()) {
        if (!candidate.isPerCache()) {
          throw withOrigin(new IllegalArgumentException("mcjcache: " + candidate.key() + " applies to the whole"
              + " CacheManager and cannot be set per cache, got key '" + key + "' (per-cache keys: "
              + ConfigKey.PER_CACHE_PREFIX + "<cacheName>.<" + ConfigKey.perCacheKeys() + ">)"), raw);
        }
        String cacheName = rest.substring(0, rest.length() - suffix.length());
        cacheValues.computeIfAbsent(cacheName, name -> new EnumMap<>(ConfigKey.class)).put(candidate, raw);
        return;
      }
    }
    throw withOrigin(new IllegalArgumentException("mcjcache: unknown per-cache configuration key '" + key
        + "' (per-cache keys: " + ConfigKey.PER_CACHE_PREFIX + "<cacheName>.<" + ConfigKey.perCacheKeys()
        + ">)"), raw);
  }

  private ClusterSettings build() {
    RawSetting serversRaw = managerValues.get(ConfigKey.SERVERS);
    if (serversRaw == null) {
      throw new IllegalArgumentException("mcjcache: no servers configured; give servers=host:port,... in the"
          + " properties file or the caller's properties, or use memcached://host:port,...");
    }
    var servers = read(ConfigKey.SERVERS, null, (key, text) -> ServerAddress.parseList(text));
    Mirroring mirror = choice(ConfigKey.MIRROR, ClusterSettings.defaultMirror(servers.size()), Mirroring.class);
    if (mirror == Mirroring.PAIRS && servers.size() < 2) {
      throw withOrigin(new IllegalArgumentException("mcjcache: mirror=pairs needs at least 2 servers, got 1 ("
          + servers.get(0) + "); use mirror=none or add a server"), managerValues.get(ConfigKey.MIRROR));
    }
    NearCacheSettings nearCache = new NearCacheSettings(
        read(ConfigKey.NEAR_CACHE_MAX_ENTRIES, NearCacheSettings.DEFAULT_MAX_ENTRIES, ConfigValues::nonNegativeInt),
        read(ConfigKey.NEAR_CACHE_TTL_MS, NearCacheSettings.DEFAULT_TTL_MS, ConfigValues::positiveInt));
    Map<String, CacheSettings> caches = new TreeMap<>();
    cacheValues.forEach((name, values) -> caches.put(name, cacheSettings(name, values, nearCache)));
    return new ClusterSettings(
        servers,
        mirror,
        choice(ConfigKey.HASH, HashScheme.MODULO, HashScheme.class),
        read(ConfigKey.OP_TIMEOUT_MS, ClusterSettings.DEFAULT_OP_TIMEOUT_MS, ConfigValues::positiveInt),
        read(ConfigKey.HEALTH_INTERVAL_MS, ClusterSettings.DEFAULT_HEALTH_INTERVAL_MS, ConfigValues::positiveInt),
        read(ConfigKey.FAILURES_TO_DEAD, ClusterSettings.DEFAULT_FAILURES_TO_DEAD, ConfigValues::positiveInt),
        read(ConfigKey.SUCCESSES_TO_ALIVE, ClusterSettings.DEFAULT_SUCCESSES_TO_ALIVE, ConfigValues::positiveInt),
        read(ConfigKey.RECOVERY_WINDOW_SEC, ClusterSettings.DEFAULT_RECOVERY_WINDOW_SEC, ConfigValues::positiveInt),
        choice(ConfigKey.ALL_DOWN, AllDownPolicy.ERROR, AllDownPolicy.class),
        nearCache,
        choice(ConfigKey.REJOIN, RejoinPolicy.FLUSH, RejoinPolicy.class),
        read(ConfigKey.NAMESPACE, ClusterSettings.DEFAULT_NAMESPACE,
            (key, text) -> ConfigValues.namespace(key, text.trim())),
        read(ConfigKey.ITEM_SIZE_LIMIT, ClusterSettings.DEFAULT_ITEM_SIZE_LIMIT, ConfigValues::byteSize),
        read(ConfigKey.SERIALIZATION_ALLOW_LIST, DeserializationAllowList.jdkValueTypesOnly(), ConfigValues::allowList),
        read(ConfigKey.LIVENESS_FILE, LivenessFile.auto(), LivenessFile::parse),
        read(ConfigKey.LIVENESS_SYNC_MS, ClusterSettings.DEFAULT_LIVENESS_SYNC_MS, ConfigValues::nonNegativeInt),
        read(ConfigKey.PROXY_NAMESPACE, null, (key, text) -> ConfigValues.namespace(key, text.trim())),
        tls(),
        auth(),
        caches);
  }

  /**
   * The {@code tls.*} keys. Passwords are taken as written (a password may begin or end with a space); store
   * files must exist now. Combinations are checked by {@link TlsSettings}, with the keys' origins added.
   */
  private TlsSettings tls() {
    boolean enabled = read(ConfigKey.TLS, false, ConfigValues::bool);
    try {
      return new TlsSettings(enabled,
          read(ConfigKey.TLS_TRUST_STORE, null, ConfigValues::readableFile),
          read(ConfigKey.TLS_TRUST_STORE_PASSWORD, null, (key, text) -> text),
          read(ConfigKey.TLS_KEY_STORE, null, ConfigValues::readableFile),
          read(ConfigKey.TLS_KEY_STORE_PASSWORD, null, (key, text) -> text),
          read(ConfigKey.TLS_HOSTNAME_VERIFICATION, true, ConfigValues::bool));
    } catch (IllegalArgumentException e) {
      throw withOrigins(e, ConfigKey.TLS, ConfigKey.TLS_TRUST_STORE, ConfigKey.TLS_TRUST_STORE_PASSWORD,
          ConfigKey.TLS_KEY_STORE, ConfigKey.TLS_KEY_STORE_PASSWORD, ConfigKey.TLS_HOSTNAME_VERIFICATION);
    }
  }

  /** The {@code auth.*} keys; the password file must exist now and is read when connections open. */
  private AuthSettings auth() {
    try {
      return new AuthSettings(
          read(ConfigKey.AUTH_USERNAME, null, (key, text) -> text.trim()),
          read(ConfigKey.AUTH_PASSWORD, null, (key, text) -> text),
          read(ConfigKey.AUTH_PASSWORD_FILE, null, ConfigValues::readableFile));
    } catch (IllegalArgumentException e) {
      throw withOrigins(e, ConfigKey.AUTH_USERNAME, ConfigKey.AUTH_PASSWORD, ConfigKey.AUTH_PASSWORD_FILE);
    }
  }

  /**
   * An error about a combination of keys, with where those that were given came from: {@code [from <origin>]}
   * as for one key when they share their origin (the usual case), else each key with its own.
   */
  private IllegalArgumentException withOrigins(IllegalArgumentException e, ConfigKey... keys) {
    if (e.getMessage().contains(" [from ")) {
      return e;
    }
    Map<String, String> originOf = new LinkedHashMap<>();
    for (ConfigKey key : keys) {
      RawSetting raw = managerValues.get(key);
      if (raw != null) {
        originOf.put(key.key(), raw.origin());
      }
    }
    if (originOf.isEmpty()) {
      return e;
    }
    if (new HashSet<>(originOf.values()).size() == 1) {
      return withOrigin(e, managerValues.get(ConfigKey.byName(originOf.keySet().iterator().next()).orElseThrow()));
    }
    StringBuilder origins = new StringBuilder();
    originOf.forEach((key, origin) -> origins.append(origins.length() == 0 ? " [" : "; ").append(key)
        .append(" from ").append(origin));
    return new IllegalArgumentException(e.getMessage() + origins + "]", e.getCause());
  }

  private static CacheSettings cacheSettings(String name, Map<ConfigKey, RawSetting> values,
      NearCacheSettings manager) {
    String prefix = ConfigKey.PER_CACHE_PREFIX + name + ".";
    int maxEntries = perCache(values, prefix, ConfigKey.NEAR_CACHE_MAX_ENTRIES, manager.maxEntries(),
        ConfigValues::nonNegativeInt);
    int ttlMs = perCache(values, prefix, ConfigKey.NEAR_CACHE_TTL_MS, manager.ttlMs(), ConfigValues::positiveInt);
    return new CacheSettings(name, new NearCacheSettings(maxEntries, ttlMs));
  }

  private static <T> T perCache(Map<ConfigKey, RawSetting> values, String prefix, ConfigKey key, T fallback,
      BiFunction<String, String, T> parser) {
    RawSetting raw = values.get(key);
    return raw == null ? fallback : parse(prefix + key.key(), raw, parser);
  }

  private <T> T read(ConfigKey key, T fallback, BiFunction<String, String, T> parser) {
    RawSetting raw = managerValues.get(key);
    return raw == null ? fallback : parse(key.key(), raw, parser);
  }

  private <E extends Enum<E>> E choice(ConfigKey key, E fallback, Class<E> type) {
    return read(key, fallback, (name, text) -> ConfigChoice.parse(name, text, type));
  }

  private static <T> T parse(String key, RawSetting raw, BiFunction<String, String, T> parser) {
    try {
      return parser.apply(key, raw.value());
    } catch (IllegalArgumentException e) {
      throw withOrigin(e, raw);
    }
  }

  private static IllegalArgumentException withOrigin(IllegalArgumentException e, RawSetting raw) {
    return new IllegalArgumentException(e.getMessage() + " [from " + raw.origin() + "]", e.getCause());
  }
}
