package io.mcjcache.bench;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The data every peer is measured on: {@value #KEY_COUNT} keys, each with a {@value #VALUE_BYTES}-byte
 * value, and batches of {@value #BATCH_SIZE} keys for the bulk operations. The same key names and value
 * bytes for every peer, so that a difference between two rows is the peer's, not the data's.
 */
public final class Dataset {
  public static final int KEY_COUNT = 100_000;
  public static final int VALUE_BYTES = 1024;
  public static final int BATCH_SIZE = 100;
  /** The value bytes are random (not compressible, should a client try) but the same in every run. */
  private static final long VALUE_SEED = 0x6D636A63L;

  private final String[] keys;
  private final byte[] value;

  public Dataset() {
    keys = new String[KEY_COUNT];
    for (int i = 0; i < KEY_COUNT; i++) {
      keys[i] = "bench:" + i;
    }
    value = new byte[VALUE_BYTES];
    SplittableRandom random = new SplittableRandom(VALUE_SEED);
    for (int i = 0; i < VALUE_BYTES; i++) {
      value[i] = (byte) random.nextInt(256);
    }
  }

  public String key(int index) {
    return keys[index];
  }

  /** A fresh copy, so that no peer can be measured writing an array another peer (or a thread) shares. */
  public byte[] value() {
    return Arrays.copyOf(value, value.length);
  }

  /** True when {@code bytes} is this data set's value: how a loaded key is told from a wrong one. */
  public boolean isValue(byte[] bytes) {
    return Arrays.equals(value, bytes);
  }
}
