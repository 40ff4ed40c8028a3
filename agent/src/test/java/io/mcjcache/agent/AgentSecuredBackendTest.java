package io.mcjcache.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcjcache.proxy.ProxyMain;
import io.mcjcache.testkit.MemcachedClusterExtension;
import io.mcjcache.testkit.TlsMaterial;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./mcjcache agent <properties file> --listen host:port} on TLS-only memcached servers that require
 * ASCII authentication, configured only through the documented {@code tls.*} and {@code auth.*} keys in the
 * file: both of the agent's stores (the caches' namespace it probes for, and the proxy's) open over secured
 * connections, the proxy serves its plain-text clients, and a wrong password ends the agent before it
 * listens with a message that names the user, not the password (docs/proxy.md, "TLS and authentication to
 * the servers").
 */
class AgentSecuredBackendTest {
  private static final String USER = "app";
  private static final String PASSWORD = "s3cret";
  private static final Duration PATIENCE = Duration.ofSeconds(30);
  private static final Pattern LISTENING = Pattern.compile(Pattern.quote(ProxyMain.STARTED) + " [^ ]+:(\\d+) .*");

  private static final TlsMaterial TLS = TlsMaterial.generate();

  @RegisterExtension
  static final MemcachedClusterExtension CLUSTER = MemcachedClusterExtension.withNodes(2)
      .configure(nodes -> nodes.tls(TLS).asciiAuth(USER, PASSWORD));

  @TempDir
  static Path dir;

  private final List<Process> agents = new ArrayList<>();

  /** SIGTERM, as an operator stops it; SIGKILL if it has not ended in time. */
  @AfterEach
  void stopAgents() throws InterruptedException {
    for (Process agent : agents) {
      agent.destroy();
      if (!agent.waitFor(20, TimeUnit.SECONDS)) {
        agent.destroyForcibly();
        agent.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void theAgentServesTheProxyOverSecuredConnections() throws Exception {
    Path passwordFile = Files.writeString(dir.resolve("ag1-password"), PASSWORD + "\n");
    Properties settings = settings("ag1");
    settings.setProperty("auth.passwordFile", passwordFile.toString());
    Process agent = startAgent(write("ag1", settings));
    List<String> output = new ArrayList<>();
    int port = awaitListening(agent, output);
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout((int) PATIENCE.toMillis());
      BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      OutputStream out = socket.getOutputStream();
      out.write("set k 0 0 5\r\nhello\r\nget k\r\nincr n 1\r\nset n 0 0 1\r\n7\r\nincr n 1\r\nflush_all\r\nget k\r\n"
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      assertThat(in.readLine()).isEqualTo("STORED");
      assertThat(in.readLine()).isEqualTo("VALUE k 0 5");
      assertThat(in.readLine()).isEqualTo("hello");
      assertThat(in.readLine()).isEqualTo("END");
      assertThat(in.readLine()).isEqualTo("NOT_FOUND");
      assertThat(in.readLine()).isEqualTo("STORED");
      assertThat(in.readLine()).isEqualTo("8");
      assertThat(in.readLine()).isEqualTo("OK");
      assertThat(in.readLine()).as("flush_all listed the proxy's keys over secured sockets").isEqualTo("END");
    }
    assertThat(String.join("\n", output)).doesNotContain(PASSWORD);
  }

  @Test
  @Timeout(value = 1, unit = TimeUnit.MINUTES)
  void aWrongPasswordEndsTheAgentNamingTheUserNotThePassword() throws Exception {
    String wrong = "not-the-s3cret";
    Properties settings = settings("ag2");
    settings.setProperty("auth.password", wrong);
    Process agent = startAgent(write("ag2", settings));
    boolean ended = agent.waitFor(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
    if (!ended) {
      agent.destroyForcibly();
    }
    String output = new String(agent.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(ended).as("the agent ended; output: %s", output).isTrue();
    // a configuration error: status 2 with the message, as docs/operations.md ("Security") says
    assertThat(agent.exitValue()).as("exit status; output: %s", output).isEqualTo(2);
    assertThat(output).contains("refused the credentials of auth.username '" + USER + "'")
        .doesNotContain(wrong)
        .doesNotContain(PASSWORD)
        .doesNotContain(ProxyMain.STARTED);
  }

  /** The agent's settings as a user writes them; its liveness file (which it requires) in this test's folder. */
  private static Properties settings(String namespace) {
    Properties p = new Properties();
    p.setProperty("servers", CLUSTER.cluster().serverList());
    p.setProperty("mirror", "pairs");
    p.setProperty("namespace", namespace);
    p.setProperty("opTimeoutMs", "1000");
    p.setProperty("healthIntervalMs", "100");
    p.setProperty("liveness.file", dir.resolve(namespace + ".view").toString());
    p.setProperty("liveness.syncMs", "0");
    p.putAll(CLUSTER.cluster().clientSettings()); // tls.* and auth.*
    p.remove("auth.password"); // each test gives its password its own way
    return p;
  }

  private static Path write(String namespace, Properties settings) {
    Path file = dir.resolve(namespace + ".properties");
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      settings.store(out, "mcjcache agent on TLS-only servers with ASCII authentication");
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Process startAgent(Path settings) throws IOException {
    List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
        "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), LivenessAgent.class.getName(),
        settings.toString(), "--listen", "127.0.0.1:0");
    Process agent = new ProcessBuilder(command).redirectErrorStream(true).start();
    agents.add(agent);
    return agent;
  }

  /**
   * Collects the agent's output on a thread of its own (all of it, so that the agent never blocks on a full
   * pipe) and waits for the proxy's started line, failing after {@link #PATIENCE}; returns the port.
   */
  private static int awaitListening(Process agent, List<String> output) throws InterruptedException {
    AtomicInteger port = new AtomicInteger(-1);
    CountDownLatch listening = new CountDownLatch(1);
    Thread reader = new Thread(() -> {
      try {
        BufferedReader in = new BufferedReader(new InputStreamReader(agent.getInputStream(), StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          synchronized (output) {
            output.add(line);
          }
          Matcher m = LISTENING.matcher(line);
          if (m.matches()) {
            port.set(Integer.parseInt(m.group(1)));
            listening.countDown();
          }
        }
      } catch (IOException e) {
        // the agent ended
      } finally {
        listening.countDown();
      }
    }, "agent-output");
    reader.setDaemon(true);
    reader.start();
    listening.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
    synchronized (output) {
      assertThat(port.get()).as("the proxy's port; the agent's output:\n%s", String.join("\n", output)).isPositive();
    }
    return port.get();
  }
}
