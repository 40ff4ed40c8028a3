package io.mcjcache.bench;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Loads every key of the {@link Dataset} into a peer before it is measured, then reads every key back
 * and refuses to go on unless each one is there with the right value. Reads are measured as hits:
 * a peer that silently lost keys (too little memory, a failed write) would otherwise look fast.
 */
final class Preload {
  /**
   * Keys per call while loading: the batch size the benchmarks use. Larger batches load faster but, on
   * a busy 2-core machine, a pipelined batch of 1,000 values (2,000 with mirroring) outlasted mcjcache's
   * default 500 ms op timeout, its nodes were marked dead one after the other and the load failed with
   * "all 4 memcached nodes are down".
   */
  static final int CHUNK = Dataset.BATCH_SIZE;

  private Preload() {}

  static void run(String peer, Dataset data, Consumer<Map<String, byte[]>> writeBatch,
      Function<Set<String>, Map<String, byte[]>> readBatch) {
    byte[] value = data.value();
    for (int start = 0; start < Dataset.KEY_COUNT; start += CHUNK) {
      Map<String, byte[]> batch = new HashMap<>(CHUNK * 2);
      for (int i = start; i < Math.min(start + CHUNK, Dataset.KEY_COUNT); i++) {
        batch.put(data.key(i), value);
      }
      writeBatch.accept(batch);
    }
    int missing = 0;
    String example = null;
    for (int start = 0; start < Dataset.KEY_COUNT; start += CHUNK) {
      Set<String> keys = new LinkedHashSet<>(CHUNK * 2);
      for (int i = start; i < Math.min(start + CHUNK, Dataset.KEY_COUNT); i++) {
        keys.add(data.key(i));
      }
      Map<String, byte[]> found = readBatch.apply(keys);
      for (String key : keys) {
        byte[] read = found.get(key);
        if (read == null || !data.isValue(read)) {
          missing++;
          example = example == null ? key : example;
        }
      }
    }
    if (missing > 0) {
      throw new IllegalStateException(peer + ": " + missing + " of " + Dataset.KEY_COUNT
          + " keys were not read back with the value just written (e.g. " + example
          + "); refusing to measure a peer that lost data");
    }
  }
}
