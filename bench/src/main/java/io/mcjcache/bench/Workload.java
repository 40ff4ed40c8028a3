package io.mcjcache.bench;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.IntSupplier;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * What one client thread asks for: its own seeded key stream (so threads do not share a random
 * generator, and a rerun asks for the same keys), single keys and batches of {@value Dataset#BATCH_SIZE}
 * distinct keys. Every benchmark of every peer draws its keys here.
 *
 * <p>Not final: JMH generates a subclass of each {@code @State} class.
 */
@State(Scope.Thread)
public class Workload {
  private static final long SEED = 20_041_107L;

  @Param({"UNIFORM", "ZIPF"})
  public KeyPattern keys;

  private Dataset data;
  private IntSupplier draws;
  private byte[] value;

  @Setup(Level.Trial)
  public void setUp(ThreadParams thread) {
    data = new Dataset();
    // One stream per thread index: 4 threads ask for 4 different sequences, the same ones in every run.
    draws = keys.draws(Dataset.KEY_COUNT, SEED + 31L * thread.getThreadIndex());
    value = data.value();
  }

  public String nextKey() {
    return data.key(draws.getAsInt());
  }

  /**
   * {@value Dataset#BATCH_SIZE} distinct keys. Distinct because a JCache {@code getAll} takes a set:
   * every peer then fetches exactly 100 keys, also under Zipf, where repeats within a batch are common.
   */
  public Set<String> nextBatch() {
    Set<String> batch = new LinkedHashSet<>(Dataset.BATCH_SIZE * 2);
    while (batch.size() < Dataset.BATCH_SIZE) {
      batch.add(nextKey());
    }
    return batch;
  }

  /** A batch of distinct keys, each mapped to this thread's value. */
  public Map<String, byte[]> nextEntries() {
    Map<String, byte[]> entries = new HashMap<>(Dataset.BATCH_SIZE * 2);
    for (String key : nextBatch()) {
      entries.put(key, value);
    }
    return entries;
  }

  /** This thread's copy of the value: writes send the same 1 KB as the load did. */
  public byte[] value() {
    return value;
  }
}
