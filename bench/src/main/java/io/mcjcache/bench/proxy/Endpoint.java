package io.mcjcache.bench.proxy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * Where the load is sent: memcached's nodes with the client routing ({@code direct}), or one address that
 * routes (the proxy in its variants, twemproxy, any memcached-protocol endpoint given by address). It is
 * started before the first round and closed after the last; each round opens fresh connections.
 */
interface Endpoint extends AutoCloseable {
  /** The row label, e.g. {@code proxy mirror=none}. */
  String name();

  /** One line on how it is set up, for the report. */
  String description();

  /** A new logical connection of the load. */
  TextConnection connect(Keyspace keys) throws IOException;

  /** The addresses a tool such as memcaslap is pointed at ({@code host:port,...}). */
  List<InetSocketAddress> addresses();

  /** Process ids outside this JVM whose CPU is this endpoint's (twemproxy's), for the CPU accounting. */
  default List<Long> processes() {
    return List.of();
  }

  @Override
  void close();

  /** Something that routes keys itself at one address. */
  final class AtAddress implements Endpoint {
    private final String name;
    private final String description;
    private final InetSocketAddress address;
    private final AutoCloseable owner;
    private final List<Long> processes;

    AtAddress(String name, String description, InetSocketAddress address, AutoCloseable owner, List<Long> processes) {
      this.name = name;
      this.description = description;
      this.address = address;
      this.owner = owner;
      this.processes = List.copyOf(processes);
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public String description() {
      return description;
    }

    @Override
    public TextConnection connect(Keyspace keys) throws IOException {
      return TextConnection.to(address, keys);
    }

    @Override
    public List<InetSocketAddress> addresses() {
      return List.of(address);
    }

    @Override
    public List<Long> processes() {
      return processes;
    }

    @Override
    public void close() {
      if (owner != null) {
        try {
          owner.close();
        } catch (Exception e) {
          System.err.println("proxy bench: closing " + name + " failed: " + e);
        }
      }
    }
  }

  /** The client routes: a socket per node, each key on its ketama node. */
  final class Direct implements Endpoint {
    private final List<InetSocketAddress> nodes;
    private final int[] nodeOfKey;

    Direct(List<InetSocketAddress> nodes, Keyspace keys) {
      this.nodes = List.copyOf(nodes);
      KetamaRing ring = new KetamaRing(Twemproxy.nodeNames(nodes.size()));
      nodeOfKey = new int[keys.size()];
      for (int i = 0; i < keys.size(); i++) {
        nodeOfKey[i] = ring.node(keys.key(i));
      }
    }

    @Override
    public String name() {
      return "direct";
    }

    @Override
    public String description() {
      int[] perNode = new int[nodes.size()];
      for (int node : nodeOfKey) {
        perNode[node]++;
      }
      return "the client hashes each key itself: ketama over MD5 as twemproxy's (nodes named node0..node"
          + (nodes.size() - 1) + ", 160 points each), one socket per node per connection; keys per node "
          + java.util.Arrays.toString(perNode);
    }

    @Override
    public TextConnection connect(Keyspace keys) throws IOException {
      return TextConnection.routed(nodes, nodeOfKey, keys);
    }

    @Override
    public List<InetSocketAddress> addresses() {
      return nodes;
    }

    @Override
    public void close() {}
  }
}
