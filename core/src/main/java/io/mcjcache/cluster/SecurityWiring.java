package io.mcjcache.cluster;

import io.mcjcache.config.AuthSettings;
import io.mcjcache.config.ConfigKey;
import io.mcjcache.config.TlsSettings;
import io.mcjcache.transport.TransportSecurity;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Turns the {@code tls.*} and {@code auth.*} settings into the transport's {@link TransportSecurity}: loads
 * the key stores into one TLS context and reads the password file. Done each time a store opens, so that
 * renewed certificates and rotated passwords are used by the next manager. Every failure names the key and
 * the file, never a password.
 */
final class SecurityWiring {
  private SecurityWiring() {}

  /** @throws IllegalArgumentException naming the setting when a store or the password file cannot be used */
  static TransportSecurity of(TlsSettings tls, AuthSettings auth) {
    TransportSecurity security = tls.enabled()
        ? TransportSecurity.tls(context(tls), tls.hostnameVerification())
        : TransportSecurity.PLAIN;
    return auth.enabled() ? security.withCredentials(auth.username(), auth.resolvePassword()) : security;
  }

  private static SSLContext context(TlsSettings tls) {
    try {
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(tls.trustStore() == null ? null : load(ConfigKey.TLS_TRUST_STORE, tls.trustStore(),
          ConfigKey.TLS_TRUST_STORE_PASSWORD, tls.trustStorePassword()));
      KeyManagerFactory keys = null;
      if (tls.keyStore() != null) {
        KeyStore store = load(ConfigKey.TLS_KEY_STORE, tls.keyStore(), ConfigKey.TLS_KEY_STORE_PASSWORD,
            tls.keyStorePassword());
        keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        try {
          keys.init(store, chars(tls.keyStorePassword()));
        } catch (UnrecoverableKeyException e) {
          throw new IllegalArgumentException("mcjcache: the private key in " + ConfigKey.TLS_KEY_STORE.key() + " "
              + tls.keyStore().toAbsolutePath() + " cannot be read with " + ConfigKey.TLS_KEY_STORE_PASSWORD.key()
              + " (the key's password must be the store's)", e);
        }
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("mcjcache: cannot set up TLS: " + e.getMessage(), e);
    }
  }

  /** A PKCS12 or JKS store (the JDK tells them apart by their content). */
  private static KeyStore load(ConfigKey key, Path file, ConfigKey passwordKey, String password) {
    try {
      return KeyStore.getInstance(file.toFile(), chars(password));
    } catch (IOException e) {
      if (e.getCause() instanceof UnrecoverableKeyException) {
        throw new IllegalArgumentException("mcjcache: " + passwordKey.key() + " does not open " + key.key() + " "
            + file.toAbsolutePath() + (password == null ? " (no password given)" : " (wrong password)"), e);
      }
      throw new IllegalArgumentException("mcjcache: " + key.key() + " " + file.toAbsolutePath()
          + " cannot be read: " + e.getMessage(), e);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalArgumentException("mcjcache: " + key.key() + " " + file.toAbsolutePath()
          + " is not a PKCS12 or JKS key store: " + e.getMessage(), e);
    }
  }

  private static char[] chars(String password) {
    return password == null ? null : password.toCharArray();
  }
}
