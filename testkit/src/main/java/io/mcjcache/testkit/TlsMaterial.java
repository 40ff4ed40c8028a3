package io.mcjcache.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed certificate for {@code localhost} / {@code 127.0.0.1} (or the names given), made for one test
 * run: the PEM files memcached's TLS takes ({@code -Z -o ssl_chain_cert=...,ssl_key=...}), a PKCS12 trust
 * store holding the certificate for clients, and a client certificate in a PKCS12 key store for servers that
 * verify their clients ({@link #requiringClientCertificates()}). Made with the {@code openssl} and {@code keytool} commands (the JDK cannot issue
 * certificates by itself), in a temporary directory removed when the JVM exits. Hand it to
 * {@link MemcachedCluster.Builder#tls} to start nodes that speak only TLS (docs/testkit.md, "TLS and
 * authentication").
 */
public final class TlsMaterial {
  /** The trust store's password: a test value, not a secret. */
  public static final String TRUST_STORE_PASSWORD = "changeit";

  /** The client key store's password: a test value, not a secret. */
  public static final String KEY_STORE_PASSWORD = "changeit";

  private final Path directory;
  private final boolean clientCertificatesRequired;

  private TlsMaterial(Path directory, boolean clientCertificatesRequired) {
    this.directory = directory;
    this.clientCertificatesRequired = clientCertificatesRequired;
  }

  /** Makes a fresh key and certificate (valid for a day) for localhost and 127.0.0.1, and the stores. */
  public static TlsMaterial generate() {
    return generate("DNS:localhost", "IP:127.0.0.1");
  }

  /**
   * Like {@link #generate()}, with a certificate naming only {@code subjectAltNames} (e.g.
   * {@code "DNS:cache.example"}, {@code "IP:127.0.0.1"}): for tests of host name verification.
   */
  public static TlsMaterial generate(String... subjectAltNames) {
    try {
      Path dir = Files.createTempDirectory("mcjcache-tls-");
      TlsMaterial material = new TlsMaterial(dir, false);
      run(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
          "-keyout", material.privateKey().toString(), "-out", material.certificate().toString(),
          "-subj", "/CN=mcjcache test server", "-addext", "subjectAltName=" + String.join(",", subjectAltNames)));
      run(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-importcert",
          "-noprompt", "-alias", "memcached", "-file", material.certificate().toString(),
          "-keystore", material.trustStore().toString(), "-storetype", "PKCS12",
          "-storepass", TRUST_STORE_PASSWORD));
      Path clientKey = dir.resolve("client-key.pem");
      run(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
          "-keyout", clientKey.toString(), "-out", material.clientCertificate().toString(),
          "-subj", "/CN=mcjcache test client"));
      run(List.of("openssl", "pkcs12", "-export", "-inkey", clientKey.toString(),
          "-in", material.clientCertificate().toString(), "-name", "client",
          "-out", material.clientKeyStore().toString(), "-passout", "pass:" + KEY_STORE_PASSWORD));
      for (Path file : List.of(material.trustStore(), material.certificate(), material.privateKey(), clientKey,
          material.clientCertificate(), material.clientKeyStore(), dir)) {
        file.toFile().deleteOnExit();
      }
      return material;
    } catch (IOException e) {
      throw new UncheckedIOException("could not make a TLS certificate for the test servers", e);
    }
  }

  /** The server's certificate (PEM). */
  public Path certificate() {
    return directory.resolve("cert.pem");
  }

  /** The server's private key (PEM, unencrypted). */
  public Path privateKey() {
    return directory.resolve("key.pem");
  }

  /** A PKCS12 trust store holding {@link #certificate()}, password {@link #TRUST_STORE_PASSWORD}. */
  public Path trustStore() {
    return directory.resolve("truststore.p12");
  }

  /** The client's certificate (PEM); servers that verify clients trust exactly this one. */
  public Path clientCertificate() {
    return directory.resolve("client-cert.pem");
  }

  /** A PKCS12 key store with the client's key and certificate, password {@link #KEY_STORE_PASSWORD}. */
  public Path clientKeyStore() {
    return directory.resolve("client.p12");
  }

  /** The same material, for nodes that refuse clients without {@link #clientCertificate()} (mutual TLS). */
  public TlsMaterial requiringClientCertificates() {
    return new TlsMaterial(directory, true);
  }

  public boolean clientCertificatesRequired() {
    return clientCertificatesRequired;
  }

  /**
   * An {@link SSLContext} that trusts exactly this certificate, with the client certificate when the nodes
   * require one (the testkit's own checks use it).
   */
  public SSLContext clientContext() {
    try {
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(load(trustStore(), TRUST_STORE_PASSWORD));
      KeyManagerFactory keys = null;
      if (clientCertificatesRequired) {
        keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(load(clientKeyStore(), KEY_STORE_PASSWORD), KEY_STORE_PASSWORD.toCharArray());
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
      return context;
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + trustStore() + " or " + clientKeyStore(), e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("could not build a TLS context from " + trustStore(), e);
    }
  }

  private static KeyStore load(Path file, String password) throws IOException, GeneralSecurityException {
    try (InputStream in = Files.newInputStream(file)) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(in, password.toCharArray());
      return store;
    }
  }

  /**
   * memcached's arguments for serving TLS with this certificate; with client certificates required,
   * {@code ssl_verify_mode=2} (require) against {@link #clientCertificate()} as the only authority, and
   * {@code ssl_session_cache}: without it memcached 1.6.18 answers a resumed session (which the JDK's
   * clients offer on every reconnect) with an {@code internal_error} alert when it verifies clients.
   */
  List<String> serverArgs() {
    String options = "ssl_chain_cert=" + certificate() + ",ssl_key=" + privateKey();
    if (clientCertificatesRequired) {
      options += ",ssl_ca_cert=" + clientCertificate() + ",ssl_verify_mode=2,ssl_session_cache";
    }
    return List.of("-Z", "-o", options);
  }

  private static void run(List<String> command) throws IOException {
    Process process = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
        process.destroyForcibly();
        throw new IOException("'" + String.join(" ", command) + "' failed: " + output.strip());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running " + command.get(0), e);
    }
  }

  @Override
  public String toString() {
    return "TlsMaterial[" + directory + (clientCertificatesRequired ? ", client certificates required" : "") + "]";
  }
}
