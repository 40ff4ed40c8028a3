package io.mcjcache.bench;

import java.util.Arrays;
import java.util.Optional;

/**
 * The four things every peer is asked to do, each with the raw spymemcached call that is its floor:
 * what mcjcache would cost if routing, mirroring, the value envelope and JCache's rules were free. The two
 * writes also have the floor of a mirrored write, raw spymemcached writing both copies.
 */
public enum Operation {
  GET("get", "get", null, "get"),
  PUT("put", "set", "setTwice", "put"),
  GET_ALL("getAll", "getBulk", null, "getAll(100)"),
  PUT_ALL("putAll", "setBatch", "setBatchTwice", "putAll(100)");

  private final String jcacheMethod;
  private final String rawMethod;
  private final String rawTwiceMethod;
  private final String label;

  Operation(String jcacheMethod, String rawMethod, String rawTwiceMethod, String label) {
    this.jcacheMethod = jcacheMethod;
    this.rawMethod = rawMethod;
    this.rawTwiceMethod = rawTwiceMethod;
    this.label = label;
  }

  /** The operation a benchmark method of {@code peer} measures, if it is one of the four. */
  public static Optional<Operation> of(String peer, String method) {
    boolean raw = peer.equals(ResultRow.RAW_SPYMEMCACHED);
    return Arrays.stream(values())
        .filter(op -> raw ? op.rawMethod.equals(method) || method.equals(op.rawTwiceMethod)
            : op.jcacheMethod.equals(method))
        .findFirst();
  }

  public String rawMethod() {
    return rawMethod;
  }

  /** The raw spymemcached method that writes both copies of a mirrored write; empty for the reads. */
  public Optional<String> rawTwiceMethod() {
    return Optional.ofNullable(rawTwiceMethod);
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

  /** How a table names the raw spymemcached method {@code method} of this operation. */
  public String rawLabel(String method) {
    return method.equals(rawTwiceMethod) ? rawLabel() + " on two nodes" : rawLabel();
  }
}
