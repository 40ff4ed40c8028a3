package io.mcjcache.spring.boot;

import io.mcjcache.config.ConfigKey;
import io.mcjcache.config.Secrets;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * What the starter asks the provider for: {@code mcjcache.*} properties turned into the URI and properties that
 * {@code getCacheManager} takes, with, for each configuration key, the Boot property it came from (so that an
 * error can name it).
 *
 * <p>The URI carries the servers only, percent-encoded ({@code memcached://h1:p1%2Ch2:p2}): JCache names a
 * cache's statistics MBean after its manager's URI, and Micrometer's {@code JCacheMetrics} (behind Boot's
 * {@code cache.gets}, {@code cache.puts}...) rebuilds that name replacing only {@code :} by {@code .}, while the
 * provider, as JCache's reference implementation, also replaces {@code ,} and {@code =}. Without a comma, an
 * equals sign or a query in the URI both compute the same name, so the metrics read the real statistics (with
 * {@code memcached://h1:p1,h2:p2} Micrometer refuses the name and the application would not start). Every
 * other setting travels in the properties, which the provider's parser reads like a query: so do the passwords
 * ({@code mcjcache.tls.*-password}, {@code mcjcache.auth.password}), which {@code CacheManager.getURI()}, the
 * MBean names and the logs would otherwise show.
 *
 * @param uri the manager's URI: the servers only
 * @param properties every other configured key, as the parser reads them
 * @param sources for each configuration key given, the Boot property it came from and its value
 */
record ManagerRequest(URI uri, Properties properties, Map<String, Source> sources) {

  /**
   * The Boot property a configuration key came from, and the value as the user wrote it (for a secret, such as
   * {@code mcjcache.auth.password}, only {@link #shownValue()} may be shown).
   */
  record Source(String property, String value) {

    /** The value as messages may show it: {@link Secrets#MASK} for a secret property. */
    String shownValue() {
      return Secrets.shown(property, value);
    }

    /** Never shows a secret. */
    @Override
    public String toString() {
      return property + "=" + shownValue();
    }
  }

  ManagerRequest {
    Properties copy = new Properties();
    copy.putAll(properties);
    properties = copy;
    sources = Collections.unmodifiableMap(new LinkedHashMap<>(sources));
  }

  /** A copy: the provider keeps what it is given. */
  @Override
  public Properties properties() {
    Properties copy = new Properties();
    copy.putAll(properties);
    return copy;
  }

  /** The URI and every key with its value, secrets masked. */
  @Override
  public String toString() {
    StringBuilder text = new StringBuilder("ManagerRequest[").append(uri);
    properties.stringPropertyNames().stream().sorted()
        .forEach(
            key -> text.append(' ').append(key).append('=').append(Secrets.shown(key, properties.getProperty(key))));
    return text.append(']').toString();
  }

  /**
   * The request for {@code settings}: every property that is set, under its configuration key.
   *
   * @throws InvalidConfigurationPropertyValueException when {@code mcjcache.servers} lists nothing
   */
  static ManagerRequest from(McjcacheProperties settings) {
    Builder request = new Builder();
    String servers = String.join(",", settings.servers().stream().map(String::trim).toList());
    if (servers.isEmpty()) {
      // No URI can be written without servers; the parser would say the same words.
      throw new InvalidConfigurationPropertyValueException("mcjcache.servers", servers,
          "must list at least one host:port, in node order");
    }
    request.sources.put(ConfigKey.SERVERS.key(), new Source("mcjcache.servers", servers));
    request.put(ConfigKey.MIRROR, "mcjcache.mirror", settings.mirror());
    request.put(ConfigKey.HASH, "mcjcache.hash", settings.hash());
    request.put(ConfigKey.OP_TIMEOUT_MS, "mcjcache.op-timeout-ms", settings.opTimeoutMs());
    request.put(ConfigKey.HEALTH_INTERVAL_MS, "mcjcache.health-interval-ms", settings.healthIntervalMs());
    request.put(ConfigKey.FAILURES_TO_DEAD, "mcjcache.failures-to-dead", settings.failuresToDead());
    request.put(ConfigKey.SUCCESSES_TO_ALIVE, "mcjcache.successes-to-alive", settings.successesToAlive());
    request.put(ConfigKey.RECOVERY_WINDOW_SEC, "mcjcache.recovery-window-sec", settings.recoveryWindowSec());
    request.put(ConfigKey.ALL_DOWN, "mcjcache.all-down", settings.allDown());
    request.put(ConfigKey.REJOIN, "mcjcache.rejoin", settings.rejoin());
    request.put(ConfigKey.NAMESPACE, "mcjcache.namespace", settings.namespace());
    request.put(ConfigKey.ITEM_SIZE_LIMIT, "mcjcache.item-size-limit", settings.itemSizeLimit());
    request.nearCache("", "mcjcache.", settings.nearCache());
    if (settings.liveness() != null) {
      request.put(ConfigKey.LIVENESS_FILE, "mcjcache.liveness.file", settings.liveness().file());
      request.put(ConfigKey.LIVENESS_SYNC_MS, "mcjcache.liveness.sync-ms", settings.liveness().syncMs());
    }
    if (settings.proxy() != null) {
      request.put(ConfigKey.PROXY_NAMESPACE, "mcjcache.proxy.namespace", settings.proxy().namespace());
    }
    if (settings.serialization() != null) {
      request.put(ConfigKey.SERIALIZATION_ALLOW_LIST, "mcjcache.serialization.allow-list",
          settings.serialization().allowList());
    }
    McjcacheProperties.Tls tls = settings.tls();
    if (tls != null) {
      request.put(ConfigKey.TLS, "mcjcache.tls.enabled", tls.enabled());
      request.put(ConfigKey.TLS_TRUST_STORE, "mcjcache.tls.trust-store", tls.trustStore());
      request.put(ConfigKey.TLS_TRUST_STORE_PASSWORD, "mcjcache.tls.trust-store-password", tls.trustStorePassword());
      request.put(ConfigKey.TLS_KEY_STORE, "mcjcache.tls.key-store", tls.keyStore());
      request.put(ConfigKey.TLS_KEY_STORE_PASSWORD, "mcjcache.tls.key-store-password", tls.keyStorePassword());
      request.put(ConfigKey.TLS_HOSTNAME_VERIFICATION, "mcjcache.tls.hostname-verification",
          tls.hostnameVerification());
    }
    McjcacheProperties.Auth auth = settings.auth();
    if (auth != null) {
      request.put(ConfigKey.AUTH_USERNAME, "mcjcache.auth.username", auth.username());
      request.put(ConfigKey.AUTH_PASSWORD, "mcjcache.auth.password", auth.password());
      request.put(ConfigKey.AUTH_PASSWORD_FILE, "mcjcache.auth.password-file", auth.passwordFile());
    }
    settings.cache().forEach((name, overrides) -> {
      if (overrides != null) {
        request.nearCache(ConfigKey.PER_CACHE_PREFIX + name + ".", "mcjcache.cache" + mapKey(name) + ".",
            overrides.nearCache());
      }
    });
    return new ManagerRequest(uri(servers), request.properties, request.sources);
  }

  /** {@code memcached://} and the servers, every character but letters, digits, '.', '-' and ':' escaped. */
  static URI uri(String servers) {
    StringBuilder uri = new StringBuilder("memcached://");
    for (byte b : servers.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-'
          || c == ':') {
        uri.append(c);
      } else {
        uri.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
            .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
      }
    }
    return URI.create(uri.toString());
  }

  /** How Boot writes a map key in a property name: plain when it is a simple element, else in brackets. */
  private static String mapKey(String name) {
    return name.matches("[a-z0-9][a-z0-9-]*") ? "." + name : "[" + name + "]";
  }

  /** Collects the keys that are set. */
  private static final class Builder {
    private final Properties properties = new Properties();
    private final Map<String, Source> sources = new LinkedHashMap<>();

    void put(ConfigKey key, String property, Object value) {
      put(key.key(), property, value);
    }

    void nearCache(String keyPrefix, String propertyPrefix, McjcacheProperties.NearCache nearCache) {
      if (nearCache != null) {
        put(keyPrefix + ConfigKey.NEAR_CACHE_MAX_ENTRIES.key(), propertyPrefix + "near-cache.max-entries",
            nearCache.maxEntries());
        put(keyPrefix + ConfigKey.NEAR_CACHE_TTL_MS.key(), propertyPrefix + "near-cache.ttl-ms", nearCache.ttlMs());
      }
    }

    private void put(String key, String property, Object value) {
      if (value != null) {
        properties.setProperty(key, value.toString());
        sources.put(key, new Source(property, value.toString()));
      }
    }
  }
}
