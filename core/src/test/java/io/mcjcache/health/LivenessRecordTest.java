package io.mcjcache.health;

import static io.mcjcache.health.LivenessRecord.State.ALIVE;
import static io.mcjcache.health.LivenessRecord.State.DEAD;
import static io.mcjcache.health.LivenessRecord.State.RETURNING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LivenessRecordTest {
  private static final long CLUSTER = 0x1234_5678_9ABC_DEF0L;

  @Test
  void theHigherEpochWinsAndTheSaferStateWinsATie() {
    LivenessRecord a = LivenessRecord.empty(5).with(0, 4, DEAD).with(1, 2, ALIVE).with(2, 7, ALIVE)
        .with(3, 3, RETURNING).with(4, 6, ALIVE);
    LivenessRecord b = LivenessRecord.empty(5).with(0, 5, ALIVE).with(1, 2, DEAD).with(2, 6, DEAD)
        .with(3, 3, DEAD).with(4, 6, RETURNING);

    LivenessRecord merged = a.merge(b);

    assertThat(merged.epoch(0)).isEqualTo(5);
    assertThat(merged.state(0)).as("node 0: epoch 5 alive beats epoch 4 dead").isEqualTo(ALIVE);
    assertThat(merged.epoch(1)).isEqualTo(2);
    assertThat(merged.state(1)).as("node 1: dead wins at equal epochs").isEqualTo(DEAD);
    assertThat(merged.epoch(2)).isEqualTo(7);
    assertThat(merged.state(2)).as("node 2: an older copy never rolls the entry back").isEqualTo(ALIVE);
    assertThat(merged.state(3)).as("node 3: dead beats returning at equal epochs").isEqualTo(DEAD);
    assertThat(merged.state(4)).as("node 4: returning beats alive at equal epochs").isEqualTo(RETURNING);
    assertThat(b.merge(a)).as("either order").isEqualTo(merged);
  }

  @Test
  void writersThatMergeInAnyOrderConverge() {
    Random random = new Random(42);
    for (int trial = 0; trial < 500; trial++) {
      List<LivenessRecord> copies = new ArrayList<>();
      for (int c = 0; c < 4; c++) {
        LivenessRecord copy = LivenessRecord.empty(5);
        for (int node = 0; node < 5; node++) {
          copy = copy.with(node, random.nextInt(4), LivenessRecord.State.values()[random.nextInt(3)]);
        }
        copies.add(copy);
      }
      LivenessRecord inOrder = copies.stream().reduce(LivenessRecord.empty(5), LivenessRecord::merge);
      Collections.shuffle(copies, random);
      LivenessRecord shuffled = copies.stream().reduce(LivenessRecord.empty(5), LivenessRecord::merge);
      assertThat(shuffled).as("commutative and associative").isEqualTo(inOrder);
      assertThat(inOrder.merge(copies.get(0))).as("idempotent").isEqualTo(inOrder);
    }
  }

  @Test
  void encodedRecordsDecodeToThemselves() {
    LivenessRecord record = LivenessRecord.empty(4).with(1, 9, DEAD).with(2, 10, RETURNING)
        .with(3, Long.MAX_VALUE, ALIVE);

    assertThat(LivenessRecord.decode(record.encode(CLUSTER), 4, CLUSTER)).isEqualTo(record);
  }

  @Test
  void anotherClusterVersionOrNodeCountIsForeignAndLeftAlone() {
    byte[] bytes = LivenessRecord.empty(4).encode(CLUSTER);

    assertThatThrownBy(() -> LivenessRecord.decode(bytes, 4, CLUSTER + 1))
        .isInstanceOfSatisfying(LivenessRecord.BadRecordException.class, e -> assertThat(e.foreign()).isTrue())
        .hasMessageContaining("another cluster");
    assertThatThrownBy(() -> LivenessRecord.decode(bytes, 5, CLUSTER))
        .isInstanceOfSatisfying(LivenessRecord.BadRecordException.class, e -> assertThat(e.foreign()).isTrue())
        .hasMessageContaining("4 nodes");
    byte[] nextVersion = bytes.clone();
    ByteBuffer.wrap(nextVersion).order(ByteOrder.LITTLE_ENDIAN).putShort(4, (short) 2);
    assertThatThrownBy(() -> LivenessRecord.decode(nextVersion, 4, CLUSTER))
        .isInstanceOfSatisfying(LivenessRecord.BadRecordException.class, e -> assertThat(e.foreign()).isTrue())
        .hasMessageContaining("version 2");
  }

  @Test
  void damagedBytesAreRefusedAndMayBeReplaced() {
    byte[] bytes = LivenessRecord.empty(4).with(2, 3, DEAD).encode(CLUSTER);
    Random random = new Random(7);
    for (int trial = 0; trial < 5_000; trial++) {
      byte[] damaged = bytes.clone();
      int flips = 1 + random.nextInt(3);
      for (int f = 0; f < flips; f++) {
        damaged[random.nextInt(damaged.length)] ^= (byte) (1 << random.nextInt(8));
      }
      byte[] cut = Arrays.copyOf(damaged, random.nextInt(damaged.length + 1));
      for (byte[] candidate : List.of(damaged, cut)) {
        if (Arrays.equals(candidate, bytes)) {
          continue; // two flips of the same bit
        }
        try {
          LivenessRecord decoded = LivenessRecord.decode(candidate, 4, CLUSTER);
          // a flip CRC-32 cannot see does not exist for 1-3 bit flips in a record this short
          throw new AssertionError("damaged bytes decoded to " + decoded);
        } catch (LivenessRecord.BadRecordException expected) {
          assertThat(expected.getMessage()).isNotBlank();
        }
      }
    }
  }
}
