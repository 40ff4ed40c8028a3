package io.mcjcache.health;

import io.mcjcache.health.HostViewFile.BadViewFileException;
import io.mcjcache.routing.ClusterView;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The view every process on this host shares for one cluster and namespace, kept in the host's liveness
 * file ({@link HostViewFile}). Whatever one process learns (a node dead, a node back after its flush, an
 * episode closed) is in the file before the operation that learned it goes on, and every other process's
 * next operation reads it.
 *
 * <p>A file that cannot be trusted (another user's, readable by others, another layout version, a
 * malformed view, a writer that died mid-write and never came back) costs one WARNING: from then on the
 * process keeps its own view, starting from the last good one it read. It never crashes or hangs on the
 * file, and never uses a view it could not decode.
 */
public final class HostView implements ViewSource {
  private static final System.Logger LOG = System.getLogger(HostView.class.getName());
  private static final FlushTurn NOTHING_TO_RELEASE = () -> {};
  /**
   * One open file per path in this JVM: OS file locks belong to the process, and the JDK refuses a second
   * overlapping lock from the same process; stores of one JVM share the instance (and its monitor).
   */
  private static final Map<Path, Shared> OPEN = new HashMap<>();

  private record Shared(HostViewFile file, int users) {}

  private final Path path;
  private final HostViewFile file;
  private final ClusterView initial;
  private final boolean agent;
  private volatile OwnView fallback;

  private HostView(Path path, HostViewFile file, ClusterView initial, boolean agent) {
    this.path = path;
    this.file = file;
    this.initial = initial;
    this.agent = agent;
  }

  /**
   * The shared view in the file at {@code path} for the cluster named {@code identity}
   * ({@code namespace@servers}); the process's own view, with a WARNING, if the file cannot be used.
   */
  public static ViewSource open(Path path, int nodeCount, String identity) {
    return open(path, nodeCount, identity, false);
  }

  /**
   * @param agent whether this is the host's agent ({@code ./mcjcache agent}): it takes the probing over
   *     from the application processes, which leave it to the agent while its heartbeat is fresh
   */
  public static ViewSource open(Path path, int nodeCount, String identity, boolean agent) {
    ClusterView initial = ClusterView.allAlive(nodeCount);
    try {
      return new HostView(path, acquire(path, nodeCount, clusterHash(identity), initial), initial, agent);
    } catch (IOException | RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "mcjcache: cannot share the liveness view through " + path + " ("
          + e.getMessage() + "); this process keeps its own view of " + identity, e);
      return new OwnView(initial);
    }
  }

  /**
   * {@code liveness.file=auto}: {@code <java.io.tmpdir>/mcjcache-<user>/<namespace>-<16 hex digits>.view},
   * the digits from the cluster's identity, in a directory only the user can enter (made if missing).
   *
   * @throws IOException if the directory cannot be made, or is a link, another user's, or open to others
   */
  public static Path autoPath(String namespace, String identity) throws IOException {
    String user = System.getProperty("user.name");
    Path dir = Path.of(System.getProperty("java.io.tmpdir"), "mcjcache-" + user);
    Set<PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rwx------");
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      try {
        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(ownerOnly));
      } catch (FileAlreadyExistsException raced) {
        // another process made it first: checked below like any existing directory
      }
    }
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      throw new IOException(dir + " is not a directory (or is a link)");
    }
    String owner = Files.getOwner(dir, LinkOption.NOFOLLOW_LINKS).getName();
    if (!owner.equals(user)) {
      throw new IOException(dir + " belongs to " + owner + ", not to " + user);
    }
    Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS);
    if (!ownerOnly.containsAll(permissions)) {
      throw new IOException(dir + " has permissions " + PosixFilePermissions.toString(permissions)
          + "; it must be rwx------ (owner only)");
    }
    return dir.resolve(namespace + "-" + HexFormat.of().formatHex(ByteBuffer.allocate(8)
        .order(ByteOrder.LITTLE_ENDIAN).putLong(clusterHash(identity)).array()) + ".view");
  }

  /** The first 8 bytes of the SHA-256 of the identity's UTF-8, little-endian: the file's cluster field. */
  public static long clusterHash(String identity) {
    try {
      byte[] sha = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
      return ByteBuffer.wrap(sha, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  private static HostViewFile acquire(Path path, int nodeCount, long cluster, ClusterView initial)
      throws IOException {
    Path key = path.toAbsolutePath().normalize();
    synchronized (OPEN) {
      Shared shared = OPEN.get(key);
      HostViewFile file = shared != null ? shared.file : HostViewFile.open(key, nodeCount, cluster, initial);
      OPEN.put(key, new Shared(file, shared == null ? 1 : shared.users + 1));
      return file;
    }
  }

  private static void release(HostViewFile file) {
    Path key = file.path();
    synchronized (OPEN) {
      Shared shared = OPEN.get(key);
      if (shared == null || shared.file != file) {
        return;
      }
      if (shared.users > 1) {
        OPEN.put(key, new Shared(file, shared.users - 1));
        return;
      }
      OPEN.remove(key);
    }
    try {
      file.close();
    } catch (IOException e) {
      LOG.log(System.Logger.Level.DEBUG, "closing " + key, e);
    }
  }

  @Override
  public ClusterView current() {
    OwnView own = fallback;
    if (own != null) {
      return own.current();
    }
    try {
      return file.read();
    } catch (RuntimeException e) {
      return fallBack(e).current();
    }
  }

  @Override
  public ClusterView update(UnaryOperator<ClusterView> transition) {
    OwnView own = fallback;
    if (own != null) {
      return own.update(transition);
    }
    try {
      return file.update(transition);
    } catch (IOException | BadViewFileException e) {
      return fallBack(e).update(transition);
    }
  }

  @Override
  public FlushTurn tryFlushTurn(int node) {
    if (fallback != null) {
      return NOTHING_TO_RELEASE;
    }
    try {
      FileLock lock = file.tryLockFlush(node);
      if (lock == null) {
        return null;
      }
      return () -> {
        try {
          lock.release();
        } catch (IOException e) {
          LOG.log(System.Logger.Level.DEBUG, "releasing the flush lock of node " + node, e);
        }
      };
    } catch (IOException e) {
      fallBack(e);
      return NOTHING_TO_RELEASE;
    }
  }

  /** The processes that share the file: {@code host-<the file's id>}. */
  @Override
  public String flushScope() {
    OwnView own = fallback;
    return own != null ? own.flushScope() : "host-" + Long.toHexString(file.hostId());
  }

  @Override
  public boolean probeTurn(long nowMillis, long staleAfterMillis) {
    if (fallback != null) {
      return true;
    }
    try {
      if (agent) {
        file.beatAgent(nowMillis);
        // The turn comes free as soon as the application process holding it sees this heartbeat.
        return file.holdProbeTurn(this) || nowMillis - file.proberHeartbeat() > staleAfterMillis;
      }
      if (nowMillis - file.agentHeartbeat() <= staleAfterMillis) {
        file.releaseProbeTurn(this);
        return false;
      }
      return file.holdProbeTurn(this) || nowMillis - file.proberHeartbeat() > staleAfterMillis;
    } catch (IOException e) {
      fallBack(e);
      return true;
    }
  }

  @Override
  public void probing(long nowMillis) {
    if (fallback == null) {
      file.beatProber(nowMillis);
    }
  }

  /** Stops trusting the file, once, with a WARNING; the own view starts from the last good shared one. */
  private synchronized OwnView fallBack(Exception cause) {
    if (fallback == null) {
      ClusterView last = file.lastGood();
      LOG.log(System.Logger.Level.WARNING, "mcjcache: the liveness file " + path + " cannot be trusted any more ("
          + cause.getMessage() + "); this process keeps its own view from now on", cause);
      fallback = new OwnView(last != null ? last : initial);
    }
    return fallback;
  }

  /** {@code host file <path>, epoch <n>, agent seen <ms> ms ago} (or {@code no agent}). */
  @Override
  public String describe() {
    if (fallback != null) {
      return "own (the host file " + path + " could not be trusted)";
    }
    long agentBeat = file.agentHeartbeat();
    return "host file " + path + ", epoch " + file.epoch() + ", "
        + (agentBeat == 0 ? "no agent" : "agent seen " + (System.currentTimeMillis() - agentBeat) + " ms ago");
  }

  @Override
  public void close() {
    try {
      file.releaseProbeTurn(this);
    } catch (IOException e) {
      LOG.log(System.Logger.Level.DEBUG, "giving the probe turn back", e);
    }
    release(file);
  }
}
