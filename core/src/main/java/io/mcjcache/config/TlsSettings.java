package io.mcjcache.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How connections to the servers are encrypted: the {@code tls} and {@code tls.*} keys. Every connection of
 * mcjcache's (the wire client's, the key listing's, the start-up check's) uses the same settings
 * (docs/operations.md, "Security").
 *
 * @param enabled {@code tls}: whether every connection is TLS; when false no other field may be set
 * @param trustStore {@code tls.trustStore}: the certificates that sign the servers' ones (PKCS12 or JKS),
 *     or null for the JVM's default trust (its {@code cacerts}, or {@code javax.net.ssl.trustStore})
 * @param trustStorePassword {@code tls.trustStorePassword}, or null when the store has none
 * @param keyStore {@code tls.keyStore}: this client's own certificate and key for servers that ask for one
 *     (memcached {@code ssl_ca_cert} with {@code ssl_verify_mode}), or null
 * @param keyStorePassword {@code tls.keyStorePassword}, or null
 * @param hostnameVerification {@code tls.hostnameVerification}: whether each server's certificate must name
 *     the host it is configured as in {@code servers}; default true
 */
public record TlsSettings(
    boolean enabled,
    Path trustStore,
    String trustStorePassword,
    Path keyStore,
    String keyStorePassword,
    boolean hostnameVerification) {

  private static final TlsSettings OFF = new TlsSettings(false, null, null, null, null, true);

  public TlsSettings {
    if (!enabled && (trustStore != null || trustStorePassword != null || keyStore != null
        || keyStorePassword != null || !hostnameVerification)) {
      throw new IllegalArgumentException("mcjcache: " + ConfigKey.TLS.key() + ".* settings are given but "
          + ConfigKey.TLS.key() + " is not true; set " + ConfigKey.TLS.key()
          + "=true to encrypt the connections, or remove the " + ConfigKey.TLS.key() + ".* settings");
    }
    if (trustStorePassword != null && trustStore == null) {
      throw new IllegalArgumentException("mcjcache: " + ConfigKey.TLS_TRUST_STORE_PASSWORD.key() + " is given without "
          + ConfigKey.TLS_TRUST_STORE.key());
    }
    if (keyStorePassword != null && keyStore == null) {
      throw new IllegalArgumentException("mcjcache: " + ConfigKey.TLS_KEY_STORE_PASSWORD.key() + " is given without "
          + ConfigKey.TLS_KEY_STORE.key());
    }
  }

  /** Plain text: the default. */
  public static TlsSettings off() {
    return OFF;
  }

  /** TLS with the JVM's default trust and host name verification. */
  public static TlsSettings jvmDefaults() {
    return new TlsSettings(true, null, null, null, null, true);
  }

  /** TLS trusting the certificates in {@code trustStore}, with host name verification. */
  public static TlsSettings trusting(Path trustStore, String password) {
    return new TlsSettings(true, Objects.requireNonNull(trustStore, "trustStore"), password, null, null, true);
  }

  /** These settings with a client certificate for servers that verify their clients. */
  public TlsSettings withKeyStore(Path store, String password) {
    return new TlsSettings(enabled, trustStore, trustStorePassword, Objects.requireNonNull(store, "keyStore"),
        password, hostnameVerification);
  }

  /** These settings with host name verification on or off. */
  public TlsSettings withHostnameVerification(boolean verify) {
    return new TlsSettings(enabled, trustStore, trustStorePassword, keyStore, keyStorePassword, verify);
  }

  /** Never shows a password. */
  @Override
  public String toString() {
    if (!enabled) {
      return "TlsSettings[off]";
    }
    return "TlsSettings[trustStore=" + (trustStore == null ? "(JVM default)" : trustStore)
        + (trustStorePassword == null ? "" : ", trustStorePassword=" + Secrets.MASK)
        + (keyStore == null ? "" : ", keyStore=" + keyStore)
        + (keyStorePassword == null ? "" : ", keyStorePassword=" + Secrets.MASK)
        + ", hostnameVerification=" + hostnameVerification + "]";
  }
}
