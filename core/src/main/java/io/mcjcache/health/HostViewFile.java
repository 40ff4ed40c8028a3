package io.mcjcache.health;

import io.mcjcache.routing.ClusterView;
import io.mcjcache.routing.ClusterViewBytes;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.UnaryOperator;

/**
 * The host's liveness file: one {@link ClusterView} that every process using the same cluster and
 * namespace on this host reads and publishes to (docs/operations.md, "The host liveness file", has the
 * layout field by field). Memory-mapped, so that reading the current view costs one volatile load of
 * the sequence number when nothing changed; a changed view is decoded once per process and kept.
 *
 * <p>Writers take an exclusive lock on the file's lock byte (an OS lock, released if the process dies),
 * read the current view from the file, apply their transition to it and write the result inside a
 * seqlock: the sequence number is odd while the body is being written, so that a reader that raced a
 * writer sees an odd or changed number and reads again. Transitions are therefore applied to what
 * every process published, never to a process's stale copy.
 *
 * <p>Nothing in the file is trusted: a wrong magic, version, node count or cluster, a body that does not
 * decode, a file not owned by this user or readable by others, all throw {@link BadViewFileException},
 * and the caller falls back to its own view.
 */
final class HostViewFile implements AutoCloseable {
  static final byte[] MAGIC = "MCJVIEW\n".getBytes(StandardCharsets.US_ASCII);
  static final int LAYOUT_VERSION = 1;
  static final int OFFSET_VERSION = 8;
  static final int OFFSET_NODE_COUNT = 12;
  static final int OFFSET_CLUSTER = 16;
  static final int OFFSET_SEQUENCE = 24;
  static final int OFFSET_EPOCH = 32;
  static final int OFFSET_BODY_LENGTH = 40;
  /** The byte writers lock; bytes 128 + node lock the flush of that node. */
  static final int OFFSET_WRITE_LOCK = 48;
  /** Every process using the file holds a shared lock here; the first to open it alone resets the view. */
  static final int OFFSET_USERS_LOCK = 49;
  /** The process that probes the cluster for the host holds an exclusive lock on this byte. */
  static final int OFFSET_PROBE_LOCK = 50;
  /** Wall-clock ms of the prober's last round. */
  static final int OFFSET_PROBER_HEARTBEAT = 64;
  /** Wall-clock ms of the agent's last round; 0 when no agent ran. */
  static final int OFFSET_AGENT_HEARTBEAT = 72;
  /**
   * A random id, not 0, written by the first process that finds 0 there: it names the processes that share
   * this file (their flush turns exclude each other).
   */
  static final int OFFSET_HOST_ID = 80;
  static final int OFFSET_FLUSH_LOCKS = 128;
  static final int MAX_NODES = 1024;

  private static final VarHandle LONGS = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  /** Spins before a reader starts parking between tries. */
  private static final int READ_SPINS = 1_000;
  /**
   * How long a reader waits for a busy writer before it takes the writer for stuck. A writer's work is
   * microseconds, but the OS may stop its process mid-write on a busy host; a writer that died mid-write
   * is repaired by the next writer (its lock is gone with it).
   */
  private static final long WRITER_PATIENCE_NANOS = TimeUnit.SECONDS.toNanos(2);

  private final Path path;
  private final int nodeCount;
  private final long cluster;
  private final int bodyOffset;
  private final FileChannel channel;
  private final MappedByteBuffer map;
  /** This process's shared lock on the users byte, held while the file is open. */
  private FileLock user;
  /** The probe turn, while one of this JVM's views holds it, and which one. */
  private FileLock probeLock;
  private Object prober;
  /** The view last decoded and the sequence number it was read at (even). */
  private volatile Decoded cached = new Decoded(-1, null);

  private record Decoded(long sequence, ClusterView view) {}

  private HostViewFile(Path path, int nodeCount, long cluster, FileChannel channel, MappedByteBuffer map) {
    this.path = path;
    this.nodeCount = nodeCount;
    this.cluster = cluster;
    this.bodyOffset = OFFSET_FLUSH_LOCKS + nodeCount;
    this.channel = channel;
    this.map = map;
  }

  /** The file's size for a cluster of {@code nodeCount} nodes. */
  static int size(int nodeCount) {
    return OFFSET_FLUSH_LOCKS + nodeCount + ClusterViewBytes.maxLength(nodeCount);
  }

  /**
   * Opens the file at {@code path}, creating it (owner-only) with {@code initial} if it does not exist or
   * is empty, and checks that it belongs to this cluster ({@code cluster} is a hash of its identity).
   */
  static HostViewFile open(Path path, int nodeCount, long cluster, ClusterView initial) throws IOException {
    if (nodeCount > MAX_NODES) {
      throw new BadViewFileException(path + ": clusters of more than " + MAX_NODES + " nodes do not share a file");
    }
    Set<PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rw-------");
    FileChannel channel = FileChannel.open(path, Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ,
        StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS), PosixFilePermissions.asFileAttribute(ownerOnly));
    try {
      checkOwnerAndPermissions(path);
      int size = size(nodeCount);
      try (FileLock lock = channel.lock(OFFSET_WRITE_LOCK, 1, false)) {
        long length = channel.size();
        if (length == 0) {
          MappedByteBuffer map = channel.map(FileChannel.MapMode.READ_WRITE, 0, size);
          HostViewFile file = new HostViewFile(path, nodeCount, cluster, channel, map);
          file.initialize(initial);
          file.ensureHostId();
          file.joinUsers(initial);
          return file;
        }
        if (length != size) {
          throw new BadViewFileException(path + " is " + length + " bytes long; a view of " + nodeCount
              + " nodes takes " + size);
        }
        MappedByteBuffer map = channel.map(FileChannel.MapMode.READ_WRITE, 0, size);
        HostViewFile file = new HostViewFile(path, nodeCount, cluster, channel, map);
        file.checkHeader();
        file.read();
        file.ensureHostId();
        file.joinUsers(initial);
        return file;
      }
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /**
   * Becomes one of the file's users. A process that finds no other user starts the view afresh: a view
   * left by processes that have all ended describes servers as they were then (a node that was dead
   * when the last of them stopped, say), and a process with no file would start from all alive too.
   * Called under the write lock, so that two processes opening at once cannot both think they are alone
   * after one of them published.
   */
  private void joinUsers(ClusterView initial) throws IOException {
    try {
      FileLock alone = channel.tryLock(OFFSET_USERS_LOCK, 1, false);
      if (alone != null) {
        if (!read().toString().equals(initial.toString())) {
          write(initial);
        }
        alone.release();
      }
      user = channel.lock(OFFSET_USERS_LOCK, 1, true);
    } catch (OverlappingFileLockException e) {
      // Another handle of this JVM holds the users lock: this process already uses the file.
    }
  }

  private static void checkOwnerAndPermissions(Path path) throws IOException {
    String me = System.getProperty("user.name");
    String owner = Files.getOwner(path, LinkOption.NOFOLLOW_LINKS).getName();
    if (!owner.equals(me)) {
      throw new BadViewFileException(path + " belongs to " + owner + ", not to " + me);
    }
    Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
    if (!Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE).containsAll(permissions)) {
      throw new BadViewFileException(path + " has permissions " + PosixFilePermissions.toString(permissions)
          + "; it must be rw------- (owner only)");
    }
  }

  /** Under the write lock: gives the file its id if it has none yet. */
  private void ensureHostId() {
    if (map.getLong(OFFSET_HOST_ID) == 0) {
      long id = 0;
      while (id == 0) {
        id = new SecureRandom().nextLong();
      }
      map.putLong(OFFSET_HOST_ID, id);
    }
  }

  /** The file's id ({@link #OFFSET_HOST_ID}). */
  long hostId() {
    return map.getLong(OFFSET_HOST_ID);
  }

  private void initialize(ClusterView initial) {
    map.put(0, MAGIC);
    map.putInt(OFFSET_VERSION, LAYOUT_VERSION);
    map.putInt(OFFSET_NODE_COUNT, nodeCount);
    map.putLong(OFFSET_CLUSTER, cluster);
    map.putLong(OFFSET_EPOCH, 0);
    write(initial);
  }

  private void checkHeader() {
    byte[] magic = new byte[MAGIC.length];
    map.get(0, magic);
    if (!Arrays.equals(magic, MAGIC)) {
      throw new BadViewFileException(path + " is not an mcjcache liveness file (wrong magic)");
    }
    int version = map.getInt(OFFSET_VERSION);
    if (version != LAYOUT_VERSION) {
      throw new BadViewFileException(path + " has layout version " + version + "; this mcjcache reads "
          + LAYOUT_VERSION);
    }
    int nodes = map.getInt(OFFSET_NODE_COUNT);
    if (nodes != nodeCount) {
      throw new BadViewFileException(path + " is for " + nodes + " nodes, not " + nodeCount);
    }
    if (map.getLong(OFFSET_CLUSTER) != cluster) {
      throw new BadViewFileException(path + " belongs to another cluster or namespace");
    }
  }

  /** The view this process last decoded from the file (null before the first read). */
  ClusterView lastGood() {
    return cached.view;
  }

  Path path() {
    return path;
  }

  /** How many views have been published to the file since it was created. */
  long epoch() {
    return map.getLong(OFFSET_EPOCH);
  }

  /**
   * The current view. One volatile load when it is the one read last; otherwise it is decoded (and kept),
   * read again if a writer was busy meanwhile.
   */
  ClusterView read() {
    long sequence = (long) LONGS.getVolatile(map, OFFSET_SEQUENCE);
    Decoded last = cached;
    if (sequence == last.sequence) {
      return last.view;
    }
    long deadline = 0;
    for (int tries = 0;; tries++) {
      if (tries >= READ_SPINS) {
        long now = System.nanoTime();
        if (deadline == 0) {
          deadline = now + WRITER_PATIENCE_NANOS;
        } else if (now > deadline) {
          break;
        }
      }
      if ((sequence & 1) == 0) {
        ClusterView view = null;
        RuntimeException malformed = null;
        try {
          int length = map.getInt(OFFSET_BODY_LENGTH);
          if (length < 0 || length > ClusterViewBytes.maxLength(nodeCount)) {
            throw new IllegalArgumentException("a body of " + length + " bytes");
          }
          ByteBuffer body = map.slice(bodyOffset, length);
          view = ClusterViewBytes.decode(body, nodeCount);
          if (body.hasRemaining()) {
            throw new IllegalArgumentException(body.remaining() + " bytes after the view");
          }
        } catch (RuntimeException e) {
          malformed = e;
        }
        VarHandle.acquireFence();
        long after = (long) LONGS.getVolatile(map, OFFSET_SEQUENCE);
        if (after == sequence) {
          if (malformed != null) {
            throw new BadViewFileException(path + " holds a malformed view: " + malformed.getMessage(), malformed);
          }
          cached = new Decoded(sequence, view);
          return view;
        }
        sequence = after;
      } else {
        if (tries < READ_SPINS) {
          Thread.onSpinWait();
        } else {
          LockSupport.parkNanos(50_000);
        }
        sequence = (long) LONGS.getVolatile(map, OFFSET_SEQUENCE);
      }
    }
    throw new BadViewFileException(path + ": a writer seems stuck (the sequence number stays odd or keeps changing)");
  }

  /**
   * Applies {@code transition} to the view every process published and publishes the result (if it
   * differs), under the file's write lock. Returns the view after the transition.
   */
  synchronized ClusterView update(UnaryOperator<ClusterView> transition) throws IOException {
    try (FileLock lock = channel.lock(OFFSET_WRITE_LOCK, 1, false)) {
      checkHeader();
      ClusterView current = read();
      ClusterView next = transition.apply(current);
      if (next != current) {
        write(next);
      }
      return next;
    }
  }

  /** The seqlock write: odd sequence, body, epoch, even sequence. Only under the write lock. */
  private void write(ClusterView view) {
    long sequence = (long) LONGS.getVolatile(map, OFFSET_SEQUENCE);
    long odd = (sequence | 1) == sequence ? sequence + 2 : sequence + 1;
    LONGS.setVolatile(map, OFFSET_SEQUENCE, odd);
    ByteBuffer body = map.slice(bodyOffset, ClusterViewBytes.maxLength(nodeCount));
    ClusterViewBytes.encode(view, body);
    map.putInt(OFFSET_BODY_LENGTH, body.position());
    map.putLong(OFFSET_EPOCH, map.getLong(OFFSET_EPOCH) + 1);
    LONGS.setVolatile(map, OFFSET_SEQUENCE, odd + 1);
    cached = new Decoded(odd + 1, view);
  }

  /**
   * Tries to become the one process that flushes {@code node} on its return; null if another process
   * (or another store of this one) holds it. The OS releases the lock if its holder dies, so another
   * process takes the flush over.
   */
  FileLock tryLockFlush(int node) throws IOException {
    try {
      return channel.tryLock(OFFSET_FLUSH_LOCKS + node, 1, false);
    } catch (OverlappingFileLockException e) {
      return null;
    }
  }

  /**
   * Whether {@code owner} (one store's view) is the host's prober: it keeps the turn once it has it,
   * until it gives it back or its process ends (the OS drops the lock).
   */
  synchronized boolean holdProbeTurn(Object owner) throws IOException {
    if (probeLock != null) {
      return prober == owner;
    }
    try {
      probeLock = channel.tryLock(OFFSET_PROBE_LOCK, 1, false);
    } catch (OverlappingFileLockException e) {
      probeLock = null;
    }
    prober = probeLock == null ? null : owner;
    return probeLock != null;
  }

  /** Gives the probe turn back if {@code owner} holds it (another process may take it at once). */
  synchronized void releaseProbeTurn(Object owner) throws IOException {
    if (probeLock != null && prober == owner) {
      probeLock.release();
      probeLock = null;
      prober = null;
    }
  }

  void beatProber(long nowMillis) {
    LONGS.setRelease(map, OFFSET_PROBER_HEARTBEAT, nowMillis);
  }

  long proberHeartbeat() {
    return (long) LONGS.getAcquire(map, OFFSET_PROBER_HEARTBEAT);
  }

  void beatAgent(long nowMillis) {
    LONGS.setRelease(map, OFFSET_AGENT_HEARTBEAT, nowMillis);
  }

  long agentHeartbeat() {
    return (long) LONGS.getAcquire(map, OFFSET_AGENT_HEARTBEAT);
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }

  /** The file cannot be trusted: the process keeps its own view. */
  static final class BadViewFileException extends RuntimeException {
    BadViewFileException(String message) {
      super(message);
    }

    BadViewFileException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
