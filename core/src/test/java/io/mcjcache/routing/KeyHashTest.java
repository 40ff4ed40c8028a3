package io.mcjcache.routing;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The placement hash is XXH64 with seed 0. The expected values are the published XXH64 reference
 * vectors (xxHash's own sanity checks, python-xxhash's documentation), not outputs of this code;
 * the inputs cover every code path: empty, 1-3 tail bytes, a 4-byte word, 8-byte words, exactly one
 * 32-byte stripe, and stripes plus every kind of tail.
 */
class KeyHashTest {

  private static long xxh64(String ascii) {
    return KeyHash.hash(ascii.getBytes(US_ASCII));
  }

  @Test
  void matchesPublishedXxh64VectorsForShortInputs() {
    assertThat(xxh64("")).isEqualTo(0xEF46DB3751D8E999L);
    assertThat(xxh64("a")).isEqualTo(0xD24EC4F1A98C6E5BL);
    assertThat(xxh64("abc")).isEqualTo(0x44BC2CF5AD770999L);
    assertThat(xxh64("1234")).isEqualTo(0xD8316E61D84F6BA4L);
    assertThat(xxh64("12345678")).isEqualTo(0xD2D02F08CF7CFD4AL);
    assertThat(xxh64("123456789012345")).isEqualTo(0xC377D78ADE001A3CL);
    assertThat(xxh64("1234567890123456")).isEqualTo(0xB61C33DC6C59F270L);
    assertThat(xxh64("1234567890123456789012345678901")).isEqualTo(0x8F367CB873A5376EL);
  }

  @Test
  void matchesPublishedXxh64VectorsForStripedInputs() {
    assertThat(xxh64("12345678901234567890123456789012")).isEqualTo(0x40FD1AA52D98274CL);
    assertThat(xxh64("a".repeat(32))).isEqualTo(0x856E843298F99AD7L);
    assertThat(xxh64("Nobody inspects the spammish repetition")).isEqualTo(0xFBCEA83C8A378BF1L);
    assertThat(xxh64("The quick brown fox jumps over the lazy dog")).isEqualTo(0x0B242D361FDA71BCL);
  }

  @Test
  void hashOfARangeEqualsHashOfTheCopiedRange() {
    Random random = new Random(11);
    byte[] data = new byte[300];
    random.nextBytes(data);
    for (int i = 0; i < 500; i++) {
      int offset = random.nextInt(100);
      int length = random.nextInt(200);
      assertThat(KeyHash.hash(data, offset, length))
          .isEqualTo(KeyHash.hash(Arrays.copyOfRange(data, offset, offset + length)));
    }
  }

  @Test
  void rejectsARangeOutsideTheArray() {
    assertThatThrownBy(() -> KeyHash.hash(new byte[4], 2, 3)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void versionIsTheFirstOne() {
    // Bumping VERSION is a deliberate act that moves every key; this test makes it visible.
    assertThat(KeyHash.VERSION).isEqualTo(1);
  }
}
