package io.mcjcache.demo;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * The oracle of one strategy's run: its keys and the value each must hold now. A read that returns
 * anything other than the last value written is stale. Every value names its key and version
 * ({@code k17=v2}), so a value served for the wrong key cannot pass for a hit either.
 */
final class Dataset {
  private final String prefix;
  private final int[] versions;

  /** Room for {@code capacity} keys named {@code prefix + "k" + i}, none written yet. */
  Dataset(String prefix, int capacity) {
    this.prefix = prefix;
    this.versions = new int[capacity];
  }

  int capacity() {
    return versions.length;
  }

  String key(int index) {
    return prefix + "k" + index;
  }

  /** The value a read of key {@code index} must return now; null when it was never written. */
  String expected(int index) {
    int version = versions[index];
    return version == 0 ? null : value(index, version);
  }

  /** Bumps the version of keys {@code [from, to)} and returns their new entries, to be written. */
  Map<String, String> nextVersions(int from, int to) {
    Map<String, String> entries = new LinkedHashMap<>();
    for (int i = from; i < to; i++) {
      entries.put(key(i), value(i, ++versions[i]));
    }
    return entries;
  }

  /** Bumps the version of the listed keys and returns their new entries. */
  Map<String, String> nextVersions(int[] indices, int from, int to) {
    Map<String, String> entries = new LinkedHashMap<>();
    for (int i = from; i < to; i++) {
      int index = indices[i];
      entries.put(key(index), value(index, ++versions[index]));
    }
    return entries;
  }

  /** {@code count} distinct indices out of {@code [0, bound)}, chosen by {@code random}. */
  static int[] pick(Random random, int count, int bound) {
    int[] all = new int[bound];
    for (int i = 0; i < bound; i++) {
      all[i] = i;
    }
    for (int i = 0; i < count; i++) {
      int j = i + random.nextInt(bound - i);
      int swap = all[i];
      all[i] = all[j];
      all[j] = swap;
    }
    int[] picked = new int[count];
    System.arraycopy(all, 0, picked, 0, count);
    return picked;
  }

  private String value(int index, int version) {
    return "k" + index + "=v" + version;
  }
}
