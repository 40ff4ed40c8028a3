package io.mcjcache.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcjcache.routing.ClusterView;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The host liveness file on its own: created owner-only, a view published through one handle is what
 * another reads, and a file that cannot be trusted (another layout, another cluster, too open, truncated,
 * damaged anywhere) is refused, never misread; {@link HostView} then keeps the process's own view with
 * one WARNING. Handles opened on the same path in one JVM stand for processes here; the multi-process
 * proof runs child JVMs (integration tests).
 */
class HostViewFileTest {
  private static final int NODES = 4;
  private static final long CLUSTER = HostView.clusterHash("t@127.0.0.1:1,127.0.0.1:2,127.0.0.1:3,127.0.0.1:4");

  @TempDir
  Path dir;

  @Test
  void theFileIsCreatedOwnerOnlyAndAViewPublishedThroughOneHandleIsReadThroughAnother() throws IOException {
    Path path = dir.resolve("v.view");
    try (HostViewFile first = HostViewFile.open(path, NODES, CLUSTER, ClusterView.allAlive(NODES));
        HostViewFile second = HostViewFile.open(path, NODES, CLUSTER, ClusterView.allAlive(NODES))) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path))).isEqualTo("rw-------");
      assertThat(second.read().isAlive(2)).isTrue();
      ClusterView published = first.update(v -> v.nodeDown(2, 1_000));
      assertThat(second.read()).hasToString(published.toString());
      // Transitions apply to what was published, not to the publisher's own copy.
      second.update(v -> v.nodeDown(3, 1_001));
      ClusterView both = first.read();
      assertThat(both.isAlive(2)).isFalse();
      assertThat(both.isAlive(3)).isFalse();
      assertThat(first.epoch()).as("views published after the initial one").isEqualTo(3);
      assertThat(first.update(v -> v.nodeDown(2, 2_000))).as("a transition that changes nothing").isSameAs(both);
      assertThat(first.epoch()).as("nothing written for it").isEqualTo(3);
    }
  }

  @Test
  void aFileOfAnotherLayoutClusterOrSizeIsRefused() throws IOException {
    Path path = dir.resolve("v.view");
    HostViewFile.open(path, NODES, CLUSTER, ClusterView.allAlive(NODES)).close();
    assertThatThrownBy(() -> HostViewFile.open(path, NODES, CLUSTER + 1, ClusterView.allAlive(NODES)))
        .hasMessageContaining("another cluster");
    assertThatThrownBy(() -> HostViewFile.open(path, NODES + 1, CLUSTER, ClusterView.allAlive(NODES + 1)))
        .hasMessageContaining("bytes long");
    overwrite(path, HostViewFile.OFFSET_VERSION, ByteBuffer.allocate(4).putInt(0, 0x02000000).array());
    assertThatThrownBy(() -> HostViewFile.open(path, NODES, CLUSTER, ClusterView.allAlive(NODES)))
        .hasMessageContaining("layout version");
  }

  @Test
  void aFileOthersCanReadIsRefused() throws IOException {
    Path path = dir.resolve("v.view");
    HostViewFile.open(path, NODES, CLUSTER, ClusterView.allAlive(NODES)).close();
    Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-r--r--"));
    assertThatThrownBy(() -> HostViewFile.open(path, NODES, CLUSTER, ClusterView.allAlive(NODES)))
        .hasMessageContaining("owner only");
  }

  @Test
  void aTruncatedFileIsRefusedAndTheProcessKeepsItsOwnView() throws IOException {
    Path path = dir.resolve("v.view");
    HostViewFile.open(path, NODES, CLUSTER, ClusterView.allAlive(NODES)).close();
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE)) {
      channel.truncate(100);
    }
    ViewSource views = HostView.open(path, NODES, "t@127.0.0.1:1,127.0.0.1:2,127.0.0.1:3,127.0.0.1:4");
    try (views) {
      assertThat(views.describe()).isEqualTo("own");
      assertThat(views.update(v -> v.nodeDown(1, 5)).isAlive(1)).isFalse();
    }
  }

  /**
   * Random damage anywhere in a file in use: every read and update either works on a well-formed view or
   * moves the process to its own view; nothing else is thrown, and the process's view keeps working.
   */
  @Test
  void randomDamageWhileInUseNeverBreaksTheProcess() throws IOException {
    Random random = new Random(11);
    String identity = "t@127.0.0.1:1,127.0.0.1:2,127.0.0.1:3,127.0.0.1:4";
    int fellBack = 0;
    for (int run = 0; run < 300; run++) {
      Path path = dir.resolve("fuzz-" + run + ".view");
      ViewSource views = HostView.open(path, NODES, identity);
      try (views) {
        views.update(v -> v.nodeDown(random.nextInt(NODES), 1));
        int size = HostViewFile.size(NODES);
        byte[] junk = new byte[1 + random.nextInt(16)];
        random.nextBytes(junk);
        overwrite(path, random.nextInt(size - junk.length), junk);
        for (int i = 0; i < 3; i++) {
          ClusterView view = views.current();
          assertThat(view.nodeCount()).isEqualTo(NODES);
          int node = random.nextInt(NODES);
          ClusterView after = views.update(v -> v.isAlive(node) ? v.nodeDown(node, 2) : v.nodeUp(node, 3));
          assertThat(after.nodeCount()).isEqualTo(NODES);
        }
        if (views.describe().startsWith("own")) {
          fellBack++;
        }
      }
    }
    assertThat(fellBack).as("runs whose damage was noticed").isPositive();
  }

  /** A file deleted under running processes: they keep working on it; a newcomer starts a new one. */
  @Test
  void aFileDeletedWhileInUseLeavesItsProcessWorking() throws IOException {
    Path path = dir.resolve("deleted.view");
    String identity = "t@127.0.0.1:1,127.0.0.1:2,127.0.0.1:3,127.0.0.1:4";
    ViewSource views = HostView.open(path, NODES, identity);
    try (views) {
      views.update(v -> v.nodeDown(1, 1));
      Files.delete(path);
      assertThat(views.update(v -> v.nodeDown(2, 2)).isAlive(2)).isFalse();
      assertThat(views.current().isAlive(1)).isFalse();
      assertThat(views.describe()).startsWith("host file");
    }
    try (HostViewFile fresh = HostViewFile.open(path, NODES, CLUSTER, ClusterView.allAlive(NODES))) {
      assertThat(fresh.read().aliveCount()).as("a new file for a newcomer").isEqualTo(NODES);
    }
  }

  private static void overwrite(Path path, int offset, byte[] bytes) throws IOException {
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE)) {
      channel.write(ByteBuffer.wrap(bytes), offset);
    }
  }
}
