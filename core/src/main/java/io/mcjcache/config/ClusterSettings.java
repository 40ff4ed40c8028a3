package io.mcjcache.config;

import java.net.URI;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Everything one CacheManager needs to know about its cluster, checked and immutable. Built by
 * {@link SettingsParser} from a URI and properties; the constructor checks every value again, so a
 * settings object built in code is as trustworthy as a parsed one.
 *
 * @param servers the memcached servers; the list index is the node index, part of key placement
 * @param mirror whether each node keeps a copy of its partner's keys
 * @param hash how a key's home node is chosen among the configured nodes
 * @param opTimeoutMs how long one operation on one server may take before it counts as failed
 * @param healthIntervalMs the period of the health probes
 * @param failuresToDead consecutive failures (traffic or probes) that mark a node dead
 * @param successesToAlive consecutive good probes that mark a dead node alive again
 * @param recoveryWindowSec how long after a node returns its misses fall back to the copies made
 *     while it was down
 * @param allDown what operations do when no node is alive
 * @param nearCache the manager-wide near cache; see {@link #forCache(String)} for one cache's
 * @param rejoin what to do with a node that returns without having restarted
 * @param namespace this manager's name space on the servers; part of every key
 * @param itemSizeLimit the servers' item size limit ({@code memcached -I}) in bytes, key and
 *     envelope included
 * @param allowList the classes that may be deserialized from values read off the network: the
 *     codec's JDK value types plus the user's patterns; readers use {@code allowList().filter()}
 * @param livenessFile where the processes of this host share their liveness view ({@code liveness.file})
 * @param livenessSyncMs how often the view the hosts share through the cluster record is read
 *     ({@code liveness.syncMs}); 0 = not shared across hosts
 * @param proxyNamespace the local proxy's namespace ({@code proxy.namespace}), or null when not configured:
 *     the proxy then uses {@link #effectiveProxyNamespace()}; never the same as {@code namespace}, so that
 *     the JCache caches' processes never list, walk or move the proxy's items (docs/proxy.md)
 * @param tls whether and how the connections to the servers are encrypted ({@code tls}, {@code tls.*})
 * @param auth whom the connections authenticate as ({@code auth.*})
 * @param caches per-cache overrides by cache name
 */
public record ClusterSettings(
    List<ServerAddress> servers,
    Mirroring mirror,
    HashScheme hash,
    int opTimeoutMs,
    int healthIntervalMs,
    int failuresToDead,
    int successesToAlive,
    int recoveryWindowSec,
    AllDownPolicy allDown,
    NearCacheSettings nearCache,
    RejoinPolicy rejoin,
    String namespace,
    int itemSizeLimit,
    DeserializationAllowList allowList,
    LivenessFile livenessFile,
    int livenessSyncMs,
    String proxyNamespace,
    TlsSettings tls,
    AuthSettings auth,
    Map<String, CacheSettings> caches) {

  public static final int DEFAULT_OP_TIMEOUT_MS = 500;
  public static final int DEFAULT_HEALTH_INTERVAL_MS = 500;
  public static final int DEFAULT_FAILURES_TO_DEAD = 3;
  public static final int DEFAULT_SUCCESSES_TO_ALIVE = 2;
  public static final int DEFAULT_RECOVERY_WINDOW_SEC = 86_400;
  /**
   * A node declared dead on one host is avoided on the others about this long later (plus a round trip);
   * the prober of each host reads one small item per live node this often (docs/operations.md).
   */
  public static final int DEFAULT_LIVENESS_SYNC_MS = 200;
  public static final String DEFAULT_NAMESPACE = "mcjcache";
  /** memcached's default {@code -I}: 1 MiB. */
  public static final int DEFAULT_ITEM_SIZE_LIMIT = 1024 * 1024;
  /** memcached refuses {@code -I} below 1 KiB. */
  public static final int MIN_ITEM_SIZE_LIMIT = 1024;

  public ClusterSettings {
    servers = List.copyOf(Objects.requireNonNull(servers, "servers"));
    Objects.requireNonNull(mirror, "mirror");
    Objects.requireNonNull(hash, "hash");
    Objects.requireNonNull(allDown, "allDown");
    Objects.requireNonNull(nearCache, "nearCache");
    Objects.requireNonNull(rejoin, "rejoin");
    Objects.requireNonNull(allowList, "allowList");
    Objects.requireNonNull(livenessFile, "livenessFile");
    Objects.requireNonNull(tls, "tls");
    Objects.requireNonNull(auth, "auth");
    if (servers.isEmpty()) {
      throw new IllegalArgumentException("mcjcache: servers must list at least one host:port");
    }
    if (new HashSet<>(servers).size() != servers.size()) {
      throw new IllegalArgumentException("mcjcache: servers lists a server twice: " + servers);
    }
    if (mirror == Mirroring.PAIRS && servers.size() < 2) {
      throw new IllegalArgumentException("mcjcache: mirror=pairs needs at least 2 servers, got 1 ("
          + servers.get(0) + "); use mirror=none or add a server");
    }
    ConfigValues.checkPositive(ConfigKey.OP_TIMEOUT_MS.key(), opTimeoutMs);
    ConfigValues.checkPositive(ConfigKey.HEALTH_INTERVAL_MS.key(), healthIntervalMs);
    ConfigValues.checkPositive(ConfigKey.FAILURES_TO_DEAD.key(), failuresToDead);
    ConfigValues.checkPositive(ConfigKey.SUCCESSES_TO_ALIVE.key(), successesToAlive);
    ConfigValues.checkPositive(ConfigKey.RECOVERY_WINDOW_SEC.key(), recoveryWindowSec);
    ConfigValues.checkNonNegative(ConfigKey.LIVENESS_SYNC_MS.key(), livenessSyncMs);
    ConfigValues.namespace(ConfigKey.NAMESPACE.key(), namespace);
    if (proxyNamespace != null) {
      ConfigValues.namespace(ConfigKey.PROXY_NAMESPACE.key(), proxyNamespace);
      if (proxyNamespace.equals(namespace)) {
        throw new IllegalArgumentException("mcjcache: " + ConfigKey.PROXY_NAMESPACE.key() + " must differ from "
            + ConfigKey.NAMESPACE.key() + " ('" + namespace + "'): the JCache caches' processes would list and move"
            + " the proxy's items as their own");
      }
    }
    ConfigValues.checkItemSize(ConfigKey.ITEM_SIZE_LIMIT.key(), itemSizeLimit, itemSizeLimit);
    caches = Map.copyOf(Objects.requireNonNull(caches, "caches"));
    caches.forEach((name, cache) -> {
      if (!name.equals(cache.cacheName())) {
        throw new IllegalArgumentException(
            "mcjcache: per-cache settings filed under '" + name + "' are for cache '" + cache.cacheName() + "'");
      }
    });
  }

  /** Parses {@code uri} with {@code overrides} on top; see {@link SettingsParser#parse}. */
  public static ClusterSettings parse(URI uri, Properties overrides, ClassLoader classLoader) {
    return SettingsParser.parse(uri, overrides, classLoader);
  }

  /** The mirror mode used when none is configured: pairs when there is a second server to pair with. */
  public static Mirroring defaultMirror(int serverCount) {
    return serverCount >= 2 ? Mirroring.PAIRS : Mirroring.NONE;
  }

  /**
   * The namespace the local proxy keeps its items under: {@code proxy.namespace}, else {@code <namespace>-proxy}.
   *
   * @throws IllegalArgumentException naming {@code proxy.namespace} when the derived name is too long
   */
  public String effectiveProxyNamespace() {
    if (proxyNamespace != null) {
      return proxyNamespace;
    }
    return ConfigValues.namespace(ConfigKey.PROXY_NAMESPACE.key() + " (derived from namespace)",
        namespace + "-proxy");
  }

  /** These settings with {@code otherNamespace} in place of the namespace (the proxy opens its store so). */
  public ClusterSettings withNamespace(String otherNamespace) {
    return new ClusterSettings(servers, mirror, hash, opTimeoutMs, healthIntervalMs, failuresToDead,
        successesToAlive, recoveryWindowSec, allDown, nearCache, rejoin, otherNamespace, itemSizeLimit, allowList,
        livenessFile, livenessSyncMs, null, tls, auth, caches);
  }

  /** The settings for one cache: its overrides if it has any, else the manager-wide values. */
  public CacheSettings forCache(String cacheName) {
    CacheSettings own = caches.get(cacheName);
    return own != null ? own : new CacheSettings(cacheName, nearCache);
  }

  /**
   * Tells clusters apart: the servers in node order and the namespace, e.g.
   * {@code mcjcache@10.0.0.1:11211,10.0.0.2:11211}. Two managers with equal identities read and write
   * the same entries; nothing JVM-local (class loader, file path, time) is part of it. Host names are
   * compared as written: {@code localhost} and {@code 127.0.0.1} give different identities.
   */
  public String identity() {
    return namespace + "@" + servers.stream().map(ServerAddress::toString).collect(Collectors.joining(","));
  }

  /**
   * The effective configuration as key/value text, in key order, per-cache keys last. Parsing it back
   * gives equal settings, which makes it the form to hand to another JVM. It holds the passwords as given:
   * show it through {@link #toString()} or {@link Secrets#shown}, never as it is.
   * Every key is present except {@code serialization.allowList} when it holds no user patterns: its
   * default is the codec's built-in list, which has no text of its own to write.
   */
  public Map<String, String> asProperties() {
    Map<String, String> values = new LinkedHashMap<>();
    values.put(ConfigKey.SERVERS.key(), servers.stream().map(ServerAddress::toString).collect(Collectors.joining(",")));
    values.put(ConfigKey.MIRROR.key(), mirror.configValue());
    values.put(ConfigKey.HASH.key(), hash.configValue());
    values.put(ConfigKey.OP_TIMEOUT_MS.key(), Integer.toString(opTimeoutMs));
    values.put(ConfigKey.HEALTH_INTERVAL_MS.key(), Integer.toString(healthIntervalMs));
    values.put(ConfigKey.FAILURES_TO_DEAD.key(), Integer.toString(failuresToDead));
    values.put(ConfigKey.SUCCESSES_TO_ALIVE.key(), Integer.toString(successesToAlive));
    values.put(ConfigKey.RECOVERY_WINDOW_SEC.key(), Integer.toString(recoveryWindowSec));
    values.put(ConfigKey.ALL_DOWN.key(), allDown.configValue());
    values.put(ConfigKey.NEAR_CACHE_MAX_ENTRIES.key(), Integer.toString(nearCache.maxEntries()));
    values.put(ConfigKey.NEAR_CACHE_TTL_MS.key(), Integer.toString(nearCache.ttlMs()));
    values.put(ConfigKey.REJOIN.key(), rejoin.configValue());
    values.put(ConfigKey.NAMESPACE.key(), namespace);
    values.put(ConfigKey.ITEM_SIZE_LIMIT.key(), Integer.toString(itemSizeLimit));
    values.put(ConfigKey.LIVENESS_FILE.key(), livenessFile.configValue());
    values.put(ConfigKey.LIVENESS_SYNC_MS.key(), Integer.toString(livenessSyncMs));
    if (proxyNamespace != null) {
      values.put(ConfigKey.PROXY_NAMESPACE.key(), proxyNamespace);
    }
    if (tls.enabled()) {
      values.put(ConfigKey.TLS.key(), "true");
      putIfSet(values, ConfigKey.TLS_TRUST_STORE, tls.trustStore());
      putIfSet(values, ConfigKey.TLS_TRUST_STORE_PASSWORD, tls.trustStorePassword());
      putIfSet(values, ConfigKey.TLS_KEY_STORE, tls.keyStore());
      putIfSet(values, ConfigKey.TLS_KEY_STORE_PASSWORD, tls.keyStorePassword());
      values.put(ConfigKey.TLS_HOSTNAME_VERIFICATION.key(), Boolean.toString(tls.hostnameVerification()));
    }
    if (auth.enabled()) {
      values.put(ConfigKey.AUTH_USERNAME.key(), auth.username());
      putIfSet(values, ConfigKey.AUTH_PASSWORD, auth.password());
      putIfSet(values, ConfigKey.AUTH_PASSWORD_FILE, auth.passwordFile());
    }
    // Absent means the codec's default; an empty value would be refused when parsed back.
    if (!allowList.userPatterns().isEmpty()) {
      values.put(ConfigKey.SERIALIZATION_ALLOW_LIST.key(), String.join(";", allowList.userPatterns()));
    }
    new TreeMap<>(caches).forEach((name, cache) -> {
      String prefix = ConfigKey.PER_CACHE_PREFIX + name + ".";
      values.put(prefix + ConfigKey.NEAR_CACHE_MAX_ENTRIES.key(), Integer.toString(cache.nearCache().maxEntries()));
      values.put(prefix + ConfigKey.NEAR_CACHE_TTL_MS.key(), Integer.toString(cache.nearCache().ttlMs()));
    });
    return Collections.unmodifiableMap(values);
  }

  private static void putIfSet(Map<String, String> values, ConfigKey key, Object value) {
    if (value != null) {
      values.put(key.key(), value.toString());
    }
  }

  /** One line for logs, with the same key names and value words a user writes; secrets show as {@link Secrets#MASK}. */
  @Override
  public String toString() {
    return asProperties().entrySet().stream()
        .map(e -> e.getKey() + "=" + Secrets.shown(e.getKey(), e.getValue()))
        .collect(Collectors.joining(" ", "mcjcache settings [", "]"));
  }
}
