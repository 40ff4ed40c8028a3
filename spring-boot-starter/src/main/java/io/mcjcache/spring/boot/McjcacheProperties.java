package io.mcjcache.spring.boot;

import io.mcjcache.config.Secrets;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The configuration contract of mcjcache (docs/configuration.md, "Keys") as typed Spring Boot properties under
 * {@code mcjcache.}: one property per key, in Boot's kebab-case ({@code mcjcache.op-timeout-ms} is the key
 * {@code opTimeoutMs}). Values are only carried here: the starter hands them to mcjcache's own parser as the
 * URI and properties the provider reads, so that parsing, defaults and validation stay in one place, and an
 * error names the property it came from. A property left unset takes mcjcache's default.
 *
 * <p>The descriptions below are what IDEs show (the configuration processor's metadata), so they are plain
 * text; the defaults and allowed words are listed in META-INF/additional-spring-configuration-metadata.json.
 *
 * @param servers The memcached servers, host:port, in node order. The order decides where every key lives, so
 *     every client of a cluster lists them alike. Setting it turns the starter on.
 * @param mirror Whether every key also lives on its home node's partner: pairs (the default with 2 or more
 *     servers) or none.
 * @param hash How a key's home node is chosen among the configured nodes: modulo or jump. Every client of a
 *     cluster must agree.
 * @param opTimeoutMs How long one operation on one server may take before it counts as failed, in ms.
 * @param healthIntervalMs Period of each server's health probe, in ms.
 * @param failuresToDead Consecutive failures (traffic or probes) that mark a node dead.
 * @param successesToAlive Consecutive good probes that bring a dead node back.
 * @param recoveryWindowSec How long after a node returns its misses fall back to the copies made while it was
 *     down, in seconds.
 * @param allDown What operations do when no server is alive: error (a CacheException at once) or miss (reads
 *     miss, writes are dropped, so the application runs from its source of truth).
 * @param rejoin What to do with a node that returns without having restarted: flush (drop this namespace's keys
 *     on it first) or trust.
 * @param namespace This application's name space on the servers, part of every key: applications with the same
 *     servers and namespace share entries.
 * @param itemSizeLimit The servers' item size limit (memcached -I), in bytes or with a k or m suffix; larger
 *     values are refused with an error naming the limit.
 * @param nearCache The in-JVM near cache of every cache.
 * @param liveness How the processes of a host, and the hosts, share one liveness view.
 * @param proxy The local proxy.
 * @param serialization What values read from the servers may deserialize to.
 * @param tls Whether and how the connections to the servers are encrypted (memcached -Z).
 * @param auth Whom the connections authenticate as, with memcached's ASCII authentication (memcached -Y).
 * @param cache Per-cache settings by cache name, e.g. mcjcache.cache.titles.near-cache.ttl-ms=50. A name with
 *     dots or capitals goes in brackets: mcjcache.cache[com.example.Book].near-cache.max-entries=0.
 * @param statistics Whether to enable JCache statistics for the caches present at start-up (those of
 *     spring.cache.cache-names and any a JCacheManagerCustomizer created): Boot's cache metrics (cache.gets,
 *     cache.puts, ...) read them.
 */
@ConfigurationProperties(prefix = "mcjcache")
public record McjcacheProperties(
    List<String> servers,
    String mirror,
    String hash,
    Integer opTimeoutMs,
    Integer healthIntervalMs,
    Integer failuresToDead,
    Integer successesToAlive,
    Integer recoveryWindowSec,
    String allDown,
    String rejoin,
    String namespace,
    String itemSizeLimit,
    NearCache nearCache,
    Liveness liveness,
    Proxy proxy,
    Serialization serialization,
    Tls tls,
    Auth auth,
    Map<String, CacheOverrides> cache,
    @DefaultValue("true") boolean statistics) {

  public McjcacheProperties {
    servers = servers == null ? List.of() : List.copyOf(servers);
    cache = cache == null ? Map.of() : Map.copyOf(cache);
  }

  /**
   * The near cache (docs/near-cache.md).
   *
   * @param maxEntries Entries per cache kept in the JVM (hot keys); 0 turns the near cache off.
   * @param ttlMs How long a near-cached value is served without asking the servers, in ms: how stale it may be
   *     when another JVM writes the key (this JVM's own writes are never stale).
   */
  public record NearCache(Integer maxEntries, Integer ttlMs) {}

  /**
   * The shared liveness view (docs/operations.md).
   *
   * @param file Where the processes of a host share one liveness view: auto (a per-user file), none, or an
   *     absolute path.
   * @param syncMs How often the view the hosts share through the cluster record is read, in ms; 0 means each
   *     host decides alone.
   */
  public record Liveness(String file, Integer syncMs) {}

  /**
   * The local proxy (docs/proxy.md).
   *
   * @param namespace Where the local proxy keeps its items; by default the namespace followed by -proxy.
   */
  public record Proxy(String namespace) {}

  /**
   * Deserialization (docs/codec.md).
   *
   * @param allowList Classes that values may deserialize to besides the JDK value types, as ObjectInputFilter
   *     patterns separated by ';', e.g. com.example.model.**.
   */
  public record Serialization(String allowList) {}

  /**
   * Encrypted connections (docs/operations.md, "Security"). Every connection mcjcache opens to the servers
   * uses these settings. The stores are files: a path on the file system, not a classpath: resource.
   *
   * @param enabled Whether every connection to the servers is TLS (memcached started with -Z). The other
   *     mcjcache.tls properties are only allowed with it.
   * @param trustStore The PKCS12 or JKS file holding the certificates that signed the servers' ones; by default
   *     the JVM's own trust (its cacerts, or javax.net.ssl.trustStore). The file must exist at start-up.
   * @param trustStorePassword The trust store's password, if it has one. Never shown in messages.
   * @param keyStore A PKCS12 or JKS file with this client's certificate and key, for servers that verify their
   *     clients (memcached ssl_ca_cert with ssl_verify_mode). The file must exist at start-up.
   * @param keyStorePassword The key store's password, also the key's. Never shown in messages.
   * @param hostnameVerification Whether each server's certificate must name the host as it is written in
   *     mcjcache.servers.
   */
  public record Tls(
      Boolean enabled,
      String trustStore,
      String trustStorePassword,
      String keyStore,
      String keyStorePassword,
      Boolean hostnameVerification) {

    /** Never shows a password. */
    @Override
    public String toString() {
      return "Tls[enabled=" + enabled + ", trustStore=" + trustStore + ", trustStorePassword="
          + masked(trustStorePassword) + ", keyStore=" + keyStore + ", keyStorePassword=" + masked(keyStorePassword)
          + ", hostnameVerification=" + hostnameVerification + "]";
    }
  }

  /**
   * Authentication to the servers with memcached's ASCII authentication (memcached -Y), on every new
   * connection (docs/operations.md, "Security").
   *
   * @param username The account's name, as in the servers' token file (user:password lines); setting it turns
   *     authentication on and needs exactly one of mcjcache.auth.password and mcjcache.auth.password-file.
   * @param password The account's password, without spaces. Never shown in messages; prefer
   *     mcjcache.auth.password-file, or an environment variable (MCJCACHE_AUTH_PASSWORD), to a file under
   *     version control.
   * @param passwordFile A file whose first line is the password, read each time the cache manager opens its
   *     connections. The file must exist at start-up.
   */
  public record Auth(String username, String password, String passwordFile) {

    /** Never shows the password. */
    @Override
    public String toString() {
      return "Auth[username=" + username + ", password=" + masked(password) + ", passwordFile=" + passwordFile
          + "]";
    }
  }

  /** {@code null}, or the mask every secret is shown as. */
  private static String masked(String secret) {
    return secret == null ? null : Secrets.MASK;
  }

  /**
   * One cache's own settings.
   *
   * @param nearCache This cache's near cache, in place of the manager's.
   */
  public record CacheOverrides(NearCache nearCache) {}
}
