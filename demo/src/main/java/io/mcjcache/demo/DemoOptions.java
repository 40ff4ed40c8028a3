package io.mcjcache.demo;

import java.nio.file.Path;

/**
 * The demo's command line. Both {@code --keys 5000} and {@code --keys=5000} are accepted; anything
 * else is an {@link IllegalArgumentException} whose message names the offending option, which the
 * entry point prints above the usage (exit code 2).
 *
 * @param nodes memcached processes to start; one of them fails and comes back
 * @param keys keys loaded before the failure (the writes while a node is down add a tenth more)
 * @param seed decides the victim node and which keys are overwritten, so a run can be repeated
 * @param out where the HTML chart is written
 * @param fault how the node fails: killed and restarted (the default), or paused and resumed
 * @param help whether only the usage was asked for
 */
public record DemoOptions(int nodes, int keys, long seed, Path out, Fault fault, boolean help) {
  public static final int DEFAULT_NODES = 8;
  public static final int DEFAULT_KEYS = 100_000;
  public static final long DEFAULT_SEED = 1;
  public static final Path DEFAULT_OUT = Path.of("demo", "target", "mcjcache-demo.html");
  public static final Fault DEFAULT_FAULT = Fault.KILL;
  /** Enough processes for any laptop; more is a typo rather than a plan. */
  static final int MAX_NODES = 64;
  /** Keeps the memory the demo asks of memcached (and its running time) within reason. */
  static final int MAX_KEYS = 5_000_000;

  public static final String USAGE = """
      usage: ./mcjcache demo [--nodes N] [--keys K] [--seed S] [--fault kill|pause] [--out FILE] [--help]
        --nodes N      memcached nodes to start on loopback (default 8, from 2 to 64)
        --keys K       keys to load before a node fails (default 100000, from 100 to 5000000)
        --seed S       seed of the victim node and of the keys overwritten while it is down (default 1)
        --fault kill   the node is killed (SIGKILL) and restarted empty (the default)
        --fault pause  the node hangs (SIGSTOP) and is resumed (SIGCONT) with the data it held
        --out FILE     where to write the HTML chart (default demo/target/mcjcache-demo.html)
        --help         this text
      Row (g) runs twemproxy's nutcracker when it is installed (on the PATH or in /usr/sbin), or the binary
      named by MCJCACHE_NUTCRACKER or -Dmcjcache.nutcracker; without it the row is skipped with a line saying so.
      With --fault pause, row (b) is left out with a line saying why.""";

  public DemoOptions {
    if (nodes < 2 || nodes > MAX_NODES) {
      throw new IllegalArgumentException("--nodes must be from 2 to " + MAX_NODES
          + " (the demo kills one and needs a survivor), got " + nodes);
    }
    if (keys < 100 || keys > MAX_KEYS) {
      throw new IllegalArgumentException("--keys must be from 100 to " + MAX_KEYS + ", got " + keys);
    }
    if (out == null) {
      throw new IllegalArgumentException("--out needs a file name");
    }
    if (fault == null) {
      throw new IllegalArgumentException("--fault must be one of " + Fault.choices());
    }
  }

  /** The defaults, as a run without arguments uses them. */
  public static DemoOptions defaults() {
    return new DemoOptions(DEFAULT_NODES, DEFAULT_KEYS, DEFAULT_SEED, DEFAULT_OUT, DEFAULT_FAULT, false);
  }

  /** Parses the command line; blank arguments (an empty {@code exec.args}) are ignored. */
  public static DemoOptions parse(String... args) {
    int nodes = DEFAULT_NODES;
    int keys = DEFAULT_KEYS;
    long seed = DEFAULT_SEED;
    Path out = DEFAULT_OUT;
    Fault fault = DEFAULT_FAULT;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i].strip();
      if (arg.isEmpty()) {
        continue;
      }
      String name = arg;
      String inline = null;
      int equals = arg.indexOf('=');
      if (arg.startsWith("--") && equals > 0) {
        name = arg.substring(0, equals);
        inline = arg.substring(equals + 1);
      }
      switch (name) {
        case "--help", "-h" -> {
          return new DemoOptions(nodes, keys, seed, out, fault, true);
        }
        case "--nodes" -> nodes = integer(name, inline != null ? inline : value(args, ++i, name));
        case "--keys" -> keys = integer(name, inline != null ? inline : value(args, ++i, name));
        case "--seed" -> seed = seed(inline != null ? inline : value(args, ++i, name));
        case "--out" -> out = path(inline != null ? inline : value(args, ++i, name));
        case "--fault" -> fault = Fault.parse(inline != null ? inline : value(args, ++i, name));
        default -> throw new IllegalArgumentException("unknown option '" + arg + "'");
      }
    }
    return new DemoOptions(nodes, keys, seed, out, fault, false);
  }

  private static String value(String[] args, int index, String option) {
    if (index >= args.length || args[index].startsWith("--")) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[index].strip();
  }

  private static int integer(String option, String text) {
    try {
      return Integer.parseInt(text.replace("_", ""));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " must be a whole number, got '" + text + "'");
    }
  }

  private static long seed(String text) {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--seed must be a whole number, got '" + text + "'");
    }
  }

  private static Path path(String text) {
    if (text.isBlank()) {
      throw new IllegalArgumentException("--out needs a file name");
    }
    return Path.of(text);
  }
}
