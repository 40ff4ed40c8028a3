package io.mcjcache.testkit;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * N real memcached processes on free loopback ports, in a fixed order (the node index of mcjcache's
 * routing contract). Close it (try-with-resources or {@link MemcachedClusterExtension}) to stop them;
 * a JVM shutdown hook and per-node watchdogs stop them too if a test never gets that far.
 */
public final class MemcachedCluster implements AutoCloseable {
  private final List<MemcachedNode> nodes;

  private MemcachedCluster(List<MemcachedNode> nodes) {
    this.nodes = List.copyOf(nodes);
  }

  /** Starts {@code nodes} memcached processes with the defaults of {@link Builder}. */
  public static MemcachedCluster start(int nodes) {
    return builder().nodes(nodes).start();
  }

  public static Builder builder() {
    return new Builder();
  }

  public int size() {
    return nodes.size();
  }

  public MemcachedNode node(int index) {
    return nodes.get(index);
  }

  public List<MemcachedNode> nodes() {
    return nodes;
  }

  public List<InetSocketAddress> addresses() {
    return nodes.stream().map(MemcachedNode::address).toList();
  }

  /** {@code 127.0.0.1:p0,127.0.0.1:p1,...} in node order. */
  public String serverList() {
    return nodes.stream().map(MemcachedNode::hostAndPort).collect(Collectors.joining(","));
  }

  /** {@code memcached://127.0.0.1:p0,...}: a CacheManager URI for this cluster. */
  public String uri() {
    return "memcached://" + serverList();
  }

  /**
   * The settings a client of these nodes needs besides {@code servers}: for TLS nodes {@code tls=true},
   * {@code tls.trustStore} and {@code tls.trustStorePassword} (the trust store of their {@link TlsMaterial};
   * with client certificates required, {@code tls.keyStore} and {@code tls.keyStorePassword} too), for
   * authenticating nodes {@code auth.username} and {@code auth.password}; nothing for plain nodes. Hand them
   * to {@code getCacheManager}, or write them to a properties file (docs/configuration.md, "Keys").
   */
  public Properties clientSettings() {
    Properties settings = new Properties();
    NodeOptions options = nodes.get(0).options();
    if (options.tls() != null) {
      settings.setProperty("tls", "true");
      settings.setProperty("tls.trustStore", options.tls().trustStore().toString());
      settings.setProperty("tls.trustStorePassword", TlsMaterial.TRUST_STORE_PASSWORD);
      if (options.tls().clientCertificatesRequired()) {
        settings.setProperty("tls.keyStore", options.tls().clientKeyStore().toString());
        settings.setProperty("tls.keyStorePassword", TlsMaterial.KEY_STORE_PASSWORD);
      }
    }
    if (options.auth() != null) {
      settings.setProperty("auth.username", options.auth().user());
      settings.setProperty("auth.password", options.auth().password());
    }
    return settings;
  }

  /** Brings every node back to running and not paused: for tests that share a cluster across faults. */
  public void healAll() {
    for (MemcachedNode node : nodes) {
      if (!node.isRunning()) {
        node.restart();
      } else if (node.isPaused()) {
        node.resume();
      }
    }
  }

  @Override
  public void close() {
    RuntimeException failure = null;
    for (MemcachedNode node : nodes) {
      try {
        node.stop();
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  @Override
  public String toString() {
    return "MemcachedCluster" + nodes;
  }

  /** Settings for a cluster: the defaults are small, because tests start many clusters. */
  public static final class Builder {
    private int nodes = 1;
    private int memoryMb = 64;
    private int itemSizeLimitBytes = 1 << 20;
    private int threads = 2;
    private final List<String> extraArgs = new ArrayList<>();
    private TlsMaterial tls;
    private AsciiAuth auth;

    private Builder() {}

    public Builder nodes(int nodes) {
      if (nodes < 1) {
        throw new IllegalArgumentException("a cluster needs at least 1 node, got " + nodes);
      }
      this.nodes = nodes;
      return this;
    }

    /** Memory per node ({@code -m}), in MiB. Default 64. */
    public Builder memoryMb(int memoryMb) {
      this.memoryMb = memoryMb;
      return this;
    }

    /** Largest item a node accepts ({@code -I}), in bytes. Default 1 MiB, memcached's own default. */
    public Builder itemSizeLimitBytes(int bytes) {
      this.itemSizeLimitBytes = bytes;
      return this;
    }

    /** Worker threads per node ({@code -t}). Default 2: the machines that run tests have 2 cores. */
    public Builder threads(int threads) {
      this.threads = threads;
      return this;
    }

    /** Further memcached command-line arguments, passed verbatim to every node. */
    public Builder extraArgs(String... args) {
      extraArgs.addAll(List.of(args));
      return this;
    }

    /**
     * Nodes that speak only TLS, with {@code material}'s certificate: a plain-text client gets no answer.
     * The testkit's own commands (readiness, stats) use TLS too.
     */
    public Builder tls(TlsMaterial material) {
      this.tls = material;
      return this;
    }

    /** Nodes that require memcached's ASCII authentication ({@code -Y}) with this one account. */
    public Builder asciiAuth(String user, String password) {
      this.auth = new AsciiAuth(user, password);
      return this;
    }

    /** Starts every node and waits until each answers; on any failure stops those already started. */
    public MemcachedCluster start() {
      Path binary = MemcachedBinary.locate();
      NodeOptions options = new NodeOptions(memoryMb, itemSizeLimitBytes, threads, extraArgs, tls, auth);
      List<MemcachedNode> started = new ArrayList<>();
      try {
        for (int i = 0; i < nodes; i++) {
          MemcachedNode node = new MemcachedNode(i, binary, options);
          started.add(node);
          node.startOnFreePort();
        }
        return new MemcachedCluster(started);
      } catch (RuntimeException e) {
        new MemcachedCluster(started).closeQuietly(e);
        throw e;
      }
    }
  }

  private void closeQuietly(RuntimeException cause) {
    try {
      close();
    } catch (RuntimeException e) {
      cause.addSuppressed(e);
    }
  }
}
