package io.mcjcache.health;

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
  void theHigherEpochWinsAndDeadWinsATie() {
    LivenessRecord a = LivenessRecord.empty(3).with(0, 4, true).with(1, 2, false).with(2, 7, false);
    LivenessRecord b = LivenessRecord.empty(3).with(0, 5, false).with(1, 2, true).with(2, 6, true);

    LivenessRecord merged = a.merge(b);

    assertThat(merged.epoch(0)).isEqualTo(5);
    assertThat(merged.isDead(0)).as("node 0: epoch 5 alive beats epoch 4 dead").isFalse();
    assertThat(merged.epoch(1)).isEqualTo(2);
    assertThat(merged.isDead(1)).as("node 1: dead wins at equal epochs").isTrue();
    assertThat(merged.epoch(2)).isEqualTo(7);
    assertThat(merged.isDead(2)).as("node 2: an older copy never rolls the entry back").isFalse();
  }

  @Test
  void writersThatMergeInAnyOrderConverge() {
    Random random = new Random(42);
    for (int trial = 0; trial < 500; trial++) {
      List<LivenessRecord> copies = new ArrayList<>();
      for (int c = 0; c < 4; c++) {
        LivenessRecord copy = LivenessRecord.empty(5);
        for (int node = 0; node < 5; node++) {
          copy = copy.with(node, random.nextInt(4), random.nextBoolean());
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
    LivenessRecord record = LivenessRecord.empty(4).with(1, 9, true).with(3, Long.MAX_VALUE, false);

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
    byte[] bytes = LivenessRecord.empty(4).with(2, 3, true).encode(CLUSTER);
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
