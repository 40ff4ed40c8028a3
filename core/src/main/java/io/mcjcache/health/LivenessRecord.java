package io.mcjcache.health;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.zip.CRC32;

/**
 * The cluster record: what the hosts of one cluster and namespace tell each other about the nodes, kept
 * on the nodes themselves (docs/operations.md, "Across hosts: the cluster record"). Per node an epoch and a
 * state ({@link State}); every transition a host publishes raises the node's epoch by one.
 *
 * <p>Records {@link #merge merge} per node: the higher epoch wins, and at equal epochs the safer state
 * wins, {@code dead} over {@code returning} over {@code alive} (two hosts that saw different things at
 * once settle on the safe one). The merge is commutative,
 * associative and idempotent, so hosts that write concurrently, in any order, converge; and a copy read
 * from a node that was itself away (older epochs) can never roll a view back.
 *
 * <p>Bytes, little-endian (docs/operations.md, "The cluster record, byte by byte"):
 *
 * <pre>
 * 0   4  magic "MCJR"
 * 4   2  u16 version (1)
 * 6   2  u16 nodeCount
 * 8   8  u64 cluster: the first 8 bytes of the SHA-256 of the cluster's identity (as in the host file)
 * 16  9N per node: u64 epoch, u8 state (0 alive, 1 dead, 2 returning: flushed, dead until every host saw it)
 * ..  4  u32 CRC-32 of every byte before it
 * </pre>
 *
 * Pure: no I/O.
 */
public final class LivenessRecord {
  static final int VERSION = 1;
  private static final int MAGIC = 0x524A434D; // "MCJR" read little-endian
  private static final int HEADER = 16;
  private static final int PER_NODE = 9;

  /** What a host published about a node; the byte it is stored as is its ordinal. */
  public enum State {
    ALIVE,
    DEAD,
    /** Flushed after its return, still dead for every host until each had time to see that. */
    RETURNING;

    /** How safe: the safer state wins a tie of epochs. */
    private int safety() {
      return this == DEAD ? 2 : this == RETURNING ? 1 : 0;
    }
  }

  private static final State[] STATES = State.values();

  private final long[] epochs;
  private final State[] states;

  private LivenessRecord(long[] epochs, State[] states) {
    this.epochs = epochs;
    this.states = states;
  }

  /** Nothing published yet: every node alive at epoch 0. */
  public static LivenessRecord empty(int nodeCount) {
    if (nodeCount < 1 || nodeCount > 0xFFFF) {
      throw new IllegalArgumentException("nodeCount must be 1 to 65535, got " + nodeCount);
    }
    State[] states = new State[nodeCount];
    Arrays.fill(states, State.ALIVE);
    return new LivenessRecord(new long[nodeCount], states);
  }

  public int nodeCount() {
    return epochs.length;
  }

  public long epoch(int node) {
    return epochs[node];
  }

  public State state(int node) {
    return states[node];
  }

  /** This record with {@code node} at {@code epoch} in {@code state}. */
  public LivenessRecord with(int node, long epoch, State state) {
    if (epoch < 0) {
      throw new IllegalArgumentException("epoch must be >= 0, got " + epoch);
    }
    long[] e = epochs.clone();
    State[] d = states.clone();
    e[node] = epoch;
    d[node] = Objects.requireNonNull(state, "state");
    return new LivenessRecord(e, d);
  }

  /** Per node the later of the two entries: the higher epoch, and the safer state at equal epochs. */
  public LivenessRecord merge(LivenessRecord other) {
    if (other.nodeCount() != nodeCount()) {
      throw new IllegalArgumentException("records of " + nodeCount() + " and " + other.nodeCount() + " nodes");
    }
    long[] e = new long[nodeCount()];
    State[] d = new State[nodeCount()];
    for (int i = 0; i < e.length; i++) {
      boolean otherWins = other.epochs[i] > epochs[i]
          || (other.epochs[i] == epochs[i] && other.states[i].safety() > states[i].safety());
      e[i] = otherWins ? other.epochs[i] : epochs[i];
      d[i] = otherWins ? other.states[i] : states[i];
    }
    return new LivenessRecord(e, d);
  }

  /** The record as stored on the nodes, for the cluster with hash {@code cluster}. */
  public byte[] encode(long cluster) {
    ByteBuffer out = ByteBuffer.allocate(HEADER + PER_NODE * nodeCount() + 4).order(ByteOrder.LITTLE_ENDIAN);
    out.putInt(MAGIC).putShort((short) VERSION).putShort((short) nodeCount()).putLong(cluster);
    for (int i = 0; i < nodeCount(); i++) {
      out.putLong(epochs[i]).put((byte) states[i].ordinal());
    }
    CRC32 crc = new CRC32();
    crc.update(out.array(), 0, out.position());
    out.putInt((int) crc.getValue());
    return out.array();
  }

  /**
   * The record in {@code bytes}, if they are this cluster's record of {@code nodeCount} nodes.
   *
   * @throws BadRecordException naming the first thing wrong; {@link BadRecordException#foreign()} tells a
   *     record that someone else may own (another version, another cluster) from damaged bytes
   */
  public static LivenessRecord decode(byte[] bytes, int nodeCount, long cluster) {
    ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    try {
      if (in.getInt() != MAGIC) {
        throw new BadRecordException("it does not start with MCJR", false);
      }
      int version = Short.toUnsignedInt(in.getShort());
      if (version != VERSION) {
        throw new BadRecordException("it is version " + version + "; this mcjcache reads version " + VERSION, true);
      }
      int nodes = Short.toUnsignedInt(in.getShort());
      long owner = in.getLong();
      if (owner != cluster) {
        throw new BadRecordException("it belongs to another cluster (another server list with the same namespace)",
            true);
      }
      if (nodes != nodeCount) {
        throw new BadRecordException("it describes " + nodes + " nodes, this cluster has " + nodeCount, true);
      }
      if (bytes.length != HEADER + PER_NODE * nodes + 4) {
        throw new BadRecordException("it is " + bytes.length + " bytes long, a record of " + nodes + " nodes is "
            + (HEADER + PER_NODE * nodes + 4), false);
      }
      CRC32 crc = new CRC32();
      crc.update(bytes, 0, bytes.length - 4);
      if ((int) crc.getValue() != ByteBuffer.wrap(bytes, bytes.length - 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt()) {
        throw new BadRecordException("its checksum does not match", false);
      }
      long[] epochs = new long[nodes];
      State[] states = new State[nodes];
      for (int i = 0; i < nodes; i++) {
        epochs[i] = in.getLong();
        int state = Byte.toUnsignedInt(in.get());
        if (epochs[i] < 0 || state >= STATES.length) {
          throw new BadRecordException("node " + i + " has epoch " + epochs[i] + " and state " + state, false);
        }
        states[i] = STATES[state];
      }
      return new LivenessRecord(epochs, states);
    } catch (BufferUnderflowException e) {
      throw new BadRecordException("it ends early (" + bytes.length + " bytes)", false);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LivenessRecord r && Arrays.equals(epochs, r.epochs) && Arrays.equals(states, r.states);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(epochs) + Arrays.hashCode(states);
  }

  /** {@code [0:3 dead, 1:2 alive, 2:5 returning ...]}: node, epoch, state. */
  @Override
  public String toString() {
    StringBuilder text = new StringBuilder("[");
    for (int i = 0; i < nodeCount(); i++) {
      text.append(i == 0 ? "" : ", ").append(i).append(':').append(epochs[i]).append(' ')
          .append(states[i].name().toLowerCase(Locale.ROOT));
    }
    return text.append(']').toString();
  }

  /** Bytes that are not this cluster's record. */
  public static final class BadRecordException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final boolean foreign;

    BadRecordException(String reason, boolean foreign) {
      super(reason);
      this.foreign = foreign;
    }

    /**
     * Whether the bytes look like a well-formed record of someone else (another version of mcjcache,
     * another cluster), which this process must leave alone, rather than damaged bytes it may replace.
     */
    public boolean foreign() {
      return foreign;
    }
  }
}
