package io.mcjcache.bench;

import java.util.Arrays;
import java.util.Optional;

/**
 * The four things every peer is asked to do, each with the raw spymemcached call that is its floor:
 * what mcjcache would cost if routing, mirroring, the value envelope and JCache's rules were free.
 */
public enum Operation {
  GET("get", "get", "get"),
  PUT("put", "set", "put"),
  GET_ALL("getAll", "getBulk", "getAll(100)"),
  PUT_ALL("putAll", "setBatch", "putAll(100)");

  private final String jcacheMethod;
  private final String rawMethod;
  private final String label;

  Operation(String jcacheMethod, String rawMethod, String label) {
    this.jcacheMethod = jcacheMethod;
    this.rawMethod = rawMethod;
    this.label = label;
  }

  /** The operation a benchmark method of {@code peer} measures, if it is one of the four. */
  public static Optional<Operation> of(String peer, String method) {
    boolean raw = peer.equals(ResultRow.RAW_SPYMEMCACHED);
    return Arrays.stream(values())
        .filter(op -> (raw ? op.rawMethod : op.jcacheMethod).equals(method))
        .findFirst();
  }

  public String rawMethod() {
    return rawMethod;
  }

  /** How a table names the operation, with its batch size. */
  public String label() {
    return label;
  }

  /** How a table names the raw spymemcached call that is this operation's floor. */
  public String rawLabel() {
    return switch (this) {
      case GET -> "get";
      case PUT -> "set";
      case GET_ALL -> "getBulk(100)";
      case PUT_ALL -> "100 sets, pipelined";
    };
  }
}
