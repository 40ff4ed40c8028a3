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
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed certificate for {@code localhost} / {@code 127.0.0.1}, made for one test run: the PEM files
 * memcached's TLS takes ({@code -Z -o ssl_chain_cert=...,ssl_key=...}) and a PKCS12 trust store holding the
 * certificate for clients. Made with the {@code openssl} and {@code keytool} commands (the JDK cannot issue
 * certificates by itself), in a temporary directory removed when the JVM exits. Hand it to
 * {@link MemcachedCluster.Builder#tls} to start nodes that speak only TLS (docs/testkit.md, "TLS and
 * authentication").
 */
public final class TlsMaterial {
  /** The trust store's password: a test value, not a secret. */
  public static final String TRUST_STORE_PASSWORD = "changeit";

  private final Path directory;

  private TlsMaterial(Path directory) {
    this.directory = directory;
  }

  /** Makes a fresh key and certificate (valid for a day) and a trust store holding the certificate. */
  public static TlsMaterial generate() {
    try {
      Path dir = Files.createTempDirectory("mcjcache-tls-");
      TlsMaterial material = new TlsMaterial(dir);
      run(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
          "-keyout", material.privateKey().toString(), "-out", material.certificate().toString(),
          "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"));
      run(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-importcert",
          "-noprompt", "-alias", "memcached", "-file", material.certificate().toString(),
          "-keystore", material.trustStore().toString(), "-storetype", "PKCS12",
          "-storepass", TRUST_STORE_PASSWORD));
      for (Path file : List.of(material.trustStore(), material.certificate(), material.privateKey(), dir)) {
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

  /** An {@link SSLContext} that trusts exactly this certificate (the testkit's own checks use it). */
  public SSLContext clientContext() {
    try (InputStream in = Files.newInputStream(trustStore())) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(in, TRUST_STORE_PASSWORD.toCharArray());
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + trustStore(), e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("could not build a TLS context from " + trustStore(), e);
    }
  }

  /** memcached's arguments for serving TLS with this certificate. */
  List<String> serverArgs() {
    return List.of("-Z", "-o", "ssl_chain_cert=" + certificate() + ",ssl_key=" + privateKey());
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
    return "TlsMaterial[" + directory + "]";
  }
}
