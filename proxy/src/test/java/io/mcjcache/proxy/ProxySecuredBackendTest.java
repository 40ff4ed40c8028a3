package io.mcjcache.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcjcache.testkit.MemcachedClusterExtension;
import io.mcjcache.testkit.TlsMaterial;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The proxy on TLS-only memcached servers that require ASCII authentication, run as a user runs it: a real
 * {@link ProxyMain} child JVM given only a properties file with the documented {@code tls.*} and
 * {@code auth.*} keys (no secret on its command line). The servers answer nothing to plain text and
 * {@code CLIENT_ERROR unauthenticated} to a TLS client that has not authenticated, so a proxy that serves its
 * plain-text clients proves that its backend connections are encrypted and authenticated; a node SIGKILLed
 * and restarted is used again (a new handshake and authentication); a wrong password stops the proxy with a
 * message that names the user, not the password (docs/proxy.md, "TLS and authentication to the servers").
 */
class ProxySecuredBackendTest {
  private static final String USER = "app";
  private static final String PASSWORD = "s3cret";
  private static final Duration PATIENCE = Duration.ofSeconds(30);
  private static final Pattern LISTENING = Pattern.compile(Pattern.quote(ProxyMain.STARTED) + " [^ ]+:(\\d+) .*");

  private static final Pattern NODE_STATE = Pattern.compile("\\b(ALIVE|RECOVERING|RETURNING|DEAD)\\b");

  private static final TlsMaterial TLS = TlsMaterial.generate();

  @RegisterExtension
  static final MemcachedClusterExtension CLUSTER = MemcachedClusterExtension.withNodes(2)
      .configure(nodes -> nodes.tls(TLS).asciiAuth(USER, PASSWORD));

  @TempDir
  static Path dir;

  private final List<ProxyProcess> proxies = new ArrayList<>();

  @AfterEach
  void stopProxiesAndHeal() {
    proxies.forEach(ProxyProcess::close);
    CLUSTER.cluster().healAll();
  }

  /** The premise of the other tests: a client that is not secured as configured gets nothing from these servers. */
  @Test
  @Timeout(value = 1, unit = TimeUnit.MINUTES)
  void theServersAnswerOnlyTlsClientsThatAuthenticate() throws IOException {
    for (int n = 0; n < CLUSTER.cluster().size(); n++) {
      InetSocketAddress address = CLUSTER.cluster().node(n).address();
      try (Socket plain = new Socket()) {
        plain.connect(address, 2000);
        plain.setSoTimeout(2000);
        plain.getOutputStream().write("version\r\n".getBytes(StandardCharsets.US_ASCII));
        plain.getOutputStream().flush();
        assertThat(firstLineOrNothing(plain.getInputStream())).as("node %d's answer to plain text", n)
            .doesNotStartWith("VERSION");
      }
      try (SSLSocket secured = (SSLSocket) TLS.clientContext().getSocketFactory().createSocket()) {
        secured.connect(address, 2000);
        secured.setSoTimeout(5000);
        secured.startHandshake();
        secured.getOutputStream().write("version\r\n".getBytes(StandardCharsets.US_ASCII));
        secured.getOutputStream().flush();
        assertThat(firstLineOrNothing(secured.getInputStream())).as("node %d's answer to TLS without credentials", n)
            .isEqualTo("CLIENT_ERROR unauthenticated");
      }
    }
  }

  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void theProxyServesItsPlainTextClientsThroughSecuredConnections() throws Exception {
    Path settings = settingsFile("sec1", Map.of("auth.password", PASSWORD));
    ProxyProcess proxy = startProxy(settings);
    long itemsBefore0 = CLUSTER.cluster().node(0).itemCount();
    long itemsBefore1 = CLUSTER.cluster().node(1).itemCount();
    try (RawClient c = new RawClient(proxy.port)) {
      assertThat(c.call("set greeting 5 0 5\r\nhello\r\n")).isEqualTo("STORED");
      assertThat(c.call("get greeting\r\n")).isEqualTo("VALUE greeting 5 5");
      assertThat(c.line()).isEqualTo("hello");
      assertThat(c.line()).isEqualTo("END");

      String gets = c.call("gets greeting\r\n");
      assertThat(gets).startsWith("VALUE greeting 5 5 ");
      long unique = Long.parseLong(gets.split(" ")[4]);
      assertThat(c.line()).isEqualTo("hello");
      assertThat(c.line()).isEqualTo("END");
      assertThat(c.call("cas greeting 0 0 3 " + unique + "\r\nbye\r\n")).isEqualTo("STORED");
      assertThat(c.call("cas greeting 0 0 5 " + unique + "\r\nagain\r\n")).as("the unique is spent")
          .isEqualTo("EXISTS");
      assertThat(c.call("get greeting\r\n")).isEqualTo("VALUE greeting 0 3");
      assertThat(c.line()).isEqualTo("bye");
      assertThat(c.line()).isEqualTo("END");

      assertThat(c.call("set counter 0 0 2\r\n41\r\n")).isEqualTo("STORED");
      assertThat(c.call("incr counter 1\r\n")).isEqualTo("42");
      assertThat(c.call("decr counter 2\r\n")).isEqualTo("40");

      assertThat(c.call("delete greeting\r\n")).isEqualTo("DELETED");
      assertThat(c.call("get greeting\r\n")).isEqualTo("END");
      assertThat(c.call("delete greeting\r\n")).isEqualTo("NOT_FOUND");

      // mirror=pairs on two nodes: the counter the proxy wrote has a copy on each server
      assertThat(CLUSTER.cluster().node(0).itemCount()).as("items on node 0").isGreaterThan(itemsBefore0);
      assertThat(CLUSTER.cluster().node(1).itemCount()).as("items on node 1").isGreaterThan(itemsBefore1);

      // flush_all lists the proxy's keys on each server over sockets of its own, secured as the rest
      assertThat(c.call("set doomed 0 0 1\r\nx\r\n")).isEqualTo("STORED");
      assertThat(c.call("flush_all\r\n")).isEqualTo("OK");
      assertThat(c.call("get doomed\r\n")).isEqualTo("END");
      assertThat(c.call("get counter\r\n")).isEqualTo("END");

      Map<String, String> stats = stats(c);
      assertThat(stats).containsEntry("curr_connections", "1").containsKey("router_operations");
      assertThat(state(stats, 0)).isEqualTo("ALIVE");
      assertThat(state(stats, 1)).isEqualTo("ALIVE");
      assertThat(Long.parseLong(stats.get("server_errors"))).isZero();
    }
    assertThat(proxy.output()).as("nothing the proxy printed shows the password").doesNotContain(PASSWORD);
  }

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void aNodeKilledAndRestartedIsUsedAgainWithANewHandshakeAndAuthentication() throws Exception {
    Path passwordFile = Files.writeString(dir.resolve("sec2-password"), PASSWORD + "\n");
    Path settings = settingsFile("sec2", Map.of("auth.passwordFile", passwordFile.toString()));
    ProxyProcess proxy = startProxy(settings);
    int keys = 200;
    Map<String, String> written = new LinkedHashMap<>();
    try (RawClient c = new RawClient(proxy.port)) {
      for (int i = 0; i < keys; i++) {
        set(c, written, "a" + i, "before-" + i);
      }
      assertThat(c.call("set n 0 0 1\r\n0\r\n")).isEqualTo("STORED");

      CLUSTER.cluster().node(1).kill();
      // the proxy keeps answering on node 0 alone, while it finds node 1 dead
      for (int i = 0; i < keys; i++) {
        assertThat(get(c, "a" + i)).as("a%d with node 1 killed", i).isEqualTo(written.get("a" + i));
        set(c, written, "b" + i, "during-" + i);
      }
      assertThat(c.call("incr n 1\r\n")).isEqualTo("1");
      awaitState(c, 1, "DEAD"::equals, "node 1 seen dead");

      CLUSTER.cluster().node(1).restart(); // same port, empty, TLS-only and asking for credentials again
      awaitState(c, 1, s -> s.equals("ALIVE") || s.equals("RECOVERING"),
          "the restarted node 1 taken back (its probes handshake and authenticate anew)");
      for (Map.Entry<String, String> e : written.entrySet()) {
        assertThat(get(c, e.getKey())).as("%s after node 1's return", e.getKey()).isEqualTo(e.getValue());
      }
      assertThat(c.call("incr n 1\r\n")).isEqualTo("2");

      // new keys land on the restarted node too: its copies are written through new secured connections
      long itemsOnNode1 = CLUSTER.cluster().node(1).itemCount();
      for (int i = 0; i < keys; i++) {
        set(c, written, "c" + i, "after-" + i);
      }
      assertThat(CLUSTER.cluster().node(1).itemCount()).as("items on the restarted node 1")
          .isGreaterThanOrEqualTo(itemsOnNode1 + keys);

      // and it serves them alone once node 0 is gone
      CLUSTER.cluster().node(0).kill();
      for (int i = 0; i < keys; i++) {
        assertThat(get(c, "c" + i)).as("c%d read from node 1 alone", i).isEqualTo("after-" + i);
      }
      awaitState(c, 0, "DEAD"::equals, "node 0 seen dead");
      Map<String, String> stats = stats(c);
      assertThat(state(stats, 1)).isIn("ALIVE", "RECOVERING");
      assertThat(c.call("version\r\n")).startsWith("VERSION ");
    }
    assertThat(proxy.output()).doesNotContain(PASSWORD);
  }

  @Test
  @Timeout(value = 1, unit = TimeUnit.MINUTES)
  void aWrongPasswordStopsTheProxyNamingTheUserNotThePassword() throws Exception {
    String wrong = "not-the-s3cret";
    Path passwordFile = Files.writeString(dir.resolve("sec3-password"), wrong + "\n");
    Path settings = settingsFile("sec3", Map.of("auth.passwordFile", passwordFile.toString()));
    ProxyProcess proxy = ProxyProcess.start(settings.toString(), "--listen", "127.0.0.1:0");
    proxies.add(proxy);
    int status = proxy.awaitExit(PATIENCE);
    String output = proxy.output();
    // a configuration error: status 2 with the message, as docs/operations.md ("Security") says
    assertThat(status).as("exit status; output: %s", output).isEqualTo(2);
    assertThat(output).contains("refused the credentials of auth.username '" + USER + "'")
        .doesNotContain(wrong)
        .doesNotContain(PASSWORD)
        .doesNotContain(ProxyMain.STARTED);
  }

  @Test
  @Timeout(value = 1, unit = TimeUnit.MINUTES)
  void aTrustStoreThatDoesNotHoldTheServersCertificateStopsTheProxyNamingTheHandshake() throws Exception {
    Properties settings = settings("sec4");
    settings.setProperty("auth.password", PASSWORD);
    settings.remove("tls.trustStore"); // the JVM's default trust, which does not hold the test certificate
    settings.remove("tls.trustStorePassword");
    Path file = write("sec4", settings);
    ProxyProcess proxy = ProxyProcess.start(file.toString(), "--listen", "127.0.0.1:0");
    proxies.add(proxy);
    int status = proxy.awaitExit(PATIENCE);
    String output = proxy.output();
    // a configuration error: status 2 with the message, as docs/operations.md ("Security") says
    assertThat(status).as("exit status; output: %s", output).isEqualTo(2);
    assertThat(output).contains("failed the TLS handshake", "tls.trustStore").doesNotContain(PASSWORD);
  }

  /** A properties file as a user writes it: the servers and the documented tls.* and auth.* keys. */
  private static Path settingsFile(String namespace, Map<String, String> password) {
    Properties settings = settings(namespace);
    password.forEach(settings::setProperty);
    return write(namespace, settings);
  }

  /** The settings of {@link #settingsFile} without a password. */
  private static Properties settings(String namespace) {
    Properties p = new Properties();
    p.setProperty("servers", CLUSTER.cluster().serverList());
    p.setProperty("mirror", "pairs");
    p.setProperty("namespace", namespace);
    p.setProperty("opTimeoutMs", "1000");
    p.setProperty("healthIntervalMs", "100");
    p.setProperty("liveness.file", "none");
    p.setProperty("liveness.syncMs", "0");
    p.putAll(CLUSTER.cluster().clientSettings()); // tls.* and auth.*
    p.remove("auth.password"); // each test gives its password its own way
    return p;
  }

  private static Path write(String namespace, Properties settings) {
    Path file = dir.resolve(namespace + ".properties");
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      settings.store(out, "mcjcache proxy on TLS-only servers with ASCII authentication");
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private ProxyProcess startProxy(Path settings) throws InterruptedException {
    ProxyProcess proxy = ProxyProcess.start(settings.toString(), "--listen", "127.0.0.1:0");
    proxies.add(proxy);
    String line = proxy.awaitLine(l -> LISTENING.matcher(l).matches(), PATIENCE);
    Matcher m = LISTENING.matcher(line);
    assertThat(m.matches()).isTrue();
    assertThat(line).doesNotContain(PASSWORD);
    proxy.port = Integer.parseInt(m.group(1));
    return proxy;
  }

  private static void set(RawClient c, Map<String, String> written, String key, String value) throws IOException {
    assertThat(c.call("set " + key + " 0 0 " + value.length() + "\r\n" + value + "\r\n")).as("set %s", key)
        .isEqualTo("STORED");
    written.put(key, value);
  }

  /** The value read through the proxy, or null on a miss. */
  private static String get(RawClient c, String key) throws IOException {
    String line = c.call("get " + key + "\r\n");
    if (line.equals("END")) {
      return null;
    }
    assertThat(line).startsWith("VALUE " + key + " 0 ");
    String value = c.line();
    assertThat(c.line()).isEqualTo("END");
    return value;
  }

  /** {@code stats} through the proxy, name to value. */
  private static Map<String, String> stats(RawClient c) throws IOException {
    c.send("stats\r\n");
    Map<String, String> stats = new LinkedHashMap<>();
    for (String line = c.line(); !"END".equals(line); line = c.line()) {
      assertThat(line).as("a stats line").isNotNull().startsWith("STAT ");
      String[] parts = line.split(" ", 3);
      stats.put(parts[1], parts.length > 2 ? parts[2] : "");
    }
    return stats;
  }

  /**
   * Node {@code node}'s state (a {@code NodeStatus} name) from {@code router_node_states_<node>}, a line
   * "{@code <index> <STATE> since=<instant>}".
   */
  private static String state(Map<String, String> stats, int node) {
    String line = stats.get("router_node_states_" + node);
    assertThat(line).as("router_node_states_%d in %s", node, stats).isNotNull();
    Matcher m = NODE_STATE.matcher(line);
    assertThat(m.find()).as("a node state in '%s'", line).isTrue();
    return m.group(1);
  }

  /** Polls the proxy's {@code stats} until node {@code node}'s state passes {@code wanted}; returns it. */
  private static String awaitState(RawClient c, int node, Predicate<String> wanted, String what)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (true) {
      Map<String, String> stats = stats(c);
      String state = state(stats, node);
      if (wanted.test(state)) {
        return state;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what + "; last stats: " + stats);
      }
      Thread.sleep(20);
    }
  }

  /** The first line a server sent, or "" when it closed the connection or sent nothing in time. */
  private static String firstLineOrNothing(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    try {
      for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) {
        line.append((char) b);
      }
    } catch (SocketTimeoutException | SocketException e) {
      // nothing (more) in time, or the connection was dropped
    }
    return line.toString().strip();
  }

  /** {@link ProxyMain} in a child JVM, its merged output collected line by line. */
  private static final class ProxyProcess implements AutoCloseable {
    private final Process process;
    private final List<String> lines = new ArrayList<>();
    private final Thread reader;
    int port;

    private ProxyProcess(Process process) {
      this.process = process;
      reader = new Thread(() -> {
        try (BufferedReader in = new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
          for (String line = in.readLine(); line != null; line = in.readLine()) {
            synchronized (lines) {
              lines.add(line);
              lines.notifyAll();
            }
          }
        } catch (IOException e) {
          // the process ended
        } finally {
          synchronized (lines) {
            lines.notifyAll();
          }
        }
      }, "proxy-output");
      reader.setDaemon(true);
      reader.start();
    }

    static ProxyProcess start(String... args) {
      List<String> command = new ArrayList<>(List.of(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
          "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), ProxyMain.class.getName()));
      command.addAll(List.of(args));
      try {
        return new ProxyProcess(new ProcessBuilder(command).redirectErrorStream(true).start());
      } catch (IOException e) {
        throw new UncheckedIOException("could not start " + ProxyMain.class.getName(), e);
      }
    }

    /** Waits for a line of output that passes {@code wanted}. */
    String awaitLine(Predicate<String> wanted, Duration patience) throws InterruptedException {
      long deadline = System.nanoTime() + patience.toNanos();
      synchronized (lines) {
        int seen = 0;
        while (true) {
          for (; seen < lines.size(); seen++) {
            if (wanted.test(lines.get(seen))) {
              return lines.get(seen);
            }
          }
          long left = deadline - System.nanoTime();
          if (left <= 0 || (!process.isAlive() && !reader.isAlive())) {
            throw new AssertionError("the proxy never printed the line waited for"
                + (process.isAlive() ? "" : " (it ended, status " + process.exitValue() + ")") + "; output:\n"
                + String.join("\n", lines));
          }
          lines.wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 200)));
        }
      }
    }

    int awaitExit(Duration patience) throws InterruptedException {
      if (!process.waitFor(patience.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError("the proxy did not end; output:\n" + output());
      }
      reader.join(patience.toMillis());
      return process.exitValue();
    }

    String output() {
      synchronized (lines) {
        return String.join("\n", lines);
      }
    }

    /** SIGTERM, as an operator stops it; SIGKILL if it has not ended in time. */
    @Override
    public void close() {
      process.destroy();
      try {
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          process.waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
    }
  }
}
