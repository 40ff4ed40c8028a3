package io.mcjcache.integration.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcjcache.agent.LivenessAgent;
import io.mcjcache.integration.ClientProcess;
import io.mcjcache.proxy.ProxyMain;
import io.mcjcache.testkit.MemcachedCluster;
import io.mcjcache.testkit.MemcachedClusterExtension;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code ./mcjcache agent <uri> --listen host:port} as a real child JVM: the host's agent serves the local
 * proxy beside a JCache application on the same cluster, the two keep their items apart, and SIGTERM
 * answers a request the proxy has already read before the agent ends (docs/proxy.md, "Running it").
 */
class AgentProxyTest {
  @RegisterExtension
  static final MemcachedClusterExtension CLUSTER = MemcachedClusterExtension.withNodes(3);

  private static final Duration PATIENCE = Duration.ofSeconds(30);
  private static final Pattern LISTENING = Pattern.compile(Pattern.quote(ProxyMain.STARTED) + " [^ ]+:(\\d+) .*");

  private final List<ClientProcess> agents = new ArrayList<>();
  private CacheManager manager;

  @AfterEach
  void stop() {
    agents.forEach(ClientProcess::close);
    if (manager != null) {
      manager.close();
    }
  }

  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void theAgentServesTheProxyBesideTheJCacheCachesAndKeepsTheirItemsApart() throws Exception {
    String uri = CLUSTER.cluster().uri() + "?mirror=pairs&healthIntervalMs=100&namespace=ap1";
    int port = startAgent(uri, "--listen", "127.0.0.1:0", "--max-connections", "16");
    manager = Caching.getCachingProvider("io.mcjcache.MemcachedCachingProvider")
        .getCacheManager(URI.create(uri), getClass().getClassLoader());
    Cache<String, String> cache = manager.createCache("shared", new MutableConfiguration<String, String>());
    cache.put("k", "from jcache");
    try (Client c = new Client(port)) {
      assertThat(c.call("set k 0 0 10\r\nfrom proxy\r\n")).isEqualTo("STORED");
      assertThat(c.call("get k\r\n")).isEqualTo("VALUE k 0 10");
      assertThat(c.line()).isEqualTo("from proxy");
      assertThat(c.line()).isEqualTo("END");
      assertThat(c.call("flush_all\r\n")).isEqualTo("OK");
      assertThat(c.call("get k\r\n")).isEqualTo("END");
      assertThat(cache.get("k")).as("the proxy's flush_all leaves the caches' items").isEqualTo("from jcache");
      c.send("stats\r\n");
      List<String> stats = new ArrayList<>();
      for (String line = c.line(); !line.equals("END"); line = c.line()) {
        stats.add(line);
      }
      assertThat(stats).contains("STAT curr_connections 1");
      assertThat(stats).anyMatch(line -> line.startsWith("STAT router_liveness_view host file "));
    }
  }

  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void sigtermAnswersTheRequestInFlightThenEnds() throws Exception {
    MemcachedCluster cluster = CLUSTER.cluster();
    String uri = cluster.uri() + "?mirror=pairs&opTimeoutMs=1500&healthIntervalMs=100&namespace=ap2";
    int port = startAgent(uri, "--listen", "127.0.0.1:0");
    ClientProcess agent = agents.get(agents.size() - 1);
    try (Client c = new Client(port); Client watcher = new Client(port)) {
      assertThat(c.call("set slow 0 0 1\r\nx\r\n")).isEqualTo("STORED");
      for (int n = 0; n < 3; n++) {
        cluster.node(n).pause();
      }
      try {
        c.send("get slow\r\n"); // waits on the paused nodes for up to the op timeout per node
        watcher.awaitStat("the get to be under way", "cmd_get", 1);
        agent.terminate();
        String answer = c.line();
        assertThat(answer).as("the answer to the request read before SIGTERM")
            .matches("END|VALUE slow 0 1|SERVER_ERROR .*");
        if (answer.startsWith("VALUE")) {
          assertThat(c.line()).isEqualTo("x");
          assertThat(c.line()).isEqualTo("END");
        }
        assertThat(c.line()).as("then the connection closes").isNull();
        assertThat(agent.awaitExit(PATIENCE)).as("exit status; output %s", agent.output()).isIn(0, 143);
      } finally {
        for (int n = 0; n < 3; n++) {
          cluster.node(n).resume();
        }
      }
    }
  }

  @Test
  @Timeout(value = 1, unit = TimeUnit.MINUTES)
  void aProxyThatCannotListenIsAClearError() throws Exception {
    String uri = CLUSTER.cluster().uri() + "?namespace=ap3";
    ClientProcess bad = ClientProcess.start("agent", LivenessAgent.class, uri, "--listen", "127.0.0.1:99999");
    agents.add(bad);
    assertThat(bad.awaitExit(PATIENCE)).isEqualTo(2);
    assertThat(bad.output()).contains("--listen port out of range: 99999");
    ClientProcess taken = ClientProcess.start("agent", LivenessAgent.class, uri, "--listen",
        CLUSTER.cluster().node(0).hostAndPort());
    agents.add(taken);
    assertThat(taken.awaitExit(PATIENCE)).isEqualTo(2);
    assertThat(taken.output()).contains("the proxy cannot listen on");
  }

  /** Starts the agent with {@code flags} and returns the port its proxy listens on. */
  private int startAgent(String uri, String... flags) throws InterruptedException {
    String[] args = new String[flags.length + 1];
    args[0] = uri;
    System.arraycopy(flags, 0, args, 1, flags.length);
    ClientProcess agent = ClientProcess.start("agent", LivenessAgent.class, args);
    agents.add(agent);
    String line = agent.awaitLine("the proxy to listen", l -> LISTENING.matcher(l).matches(), PATIENCE);
    Matcher m = LISTENING.matcher(line);
    assertThat(m.matches()).isTrue();
    return Integer.parseInt(m.group(1));
  }

  /** A text-protocol connection that reads answers line by line. */
  private static final class Client implements AutoCloseable {
    private final Socket socket;
    private final BufferedReader in;
    private final OutputStream out;

    Client(int port) throws IOException {
      socket = new Socket("127.0.0.1", port);
      socket.setSoTimeout((int) PATIENCE.toMillis());
      in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
      out = socket.getOutputStream();
    }

    void send(String request) throws IOException {
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
    }

    /** The next line, or {@code null} once the proxy has closed the connection. */
    String line() throws IOException {
      try {
        return in.readLine();
      } catch (java.net.SocketException e) {
        return null;
      }
    }

    String call(String request) throws IOException {
      send(request);
      return line();
    }

    /** Polls {@code stats} until the figure {@code name} reaches {@code atLeast}. */
    void awaitStat(String what, String name, long atLeast) throws IOException, InterruptedException {
      long deadline = System.nanoTime() + PATIENCE.toNanos();
      while (true) {
        send("stats\r\n");
        long value = -1;
        for (String line = line(); !line.equals("END"); line = line()) {
          if (line.startsWith("STAT " + name + " ")) {
            value = Long.parseLong(line.substring(name.length() + 6));
          }
        }
        if (value >= atLeast) {
          return;
        }
        if (System.nanoTime() > deadline) {
          throw new AssertionError("timed out waiting for " + what);
        }
        Thread.sleep(10);
      }
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
