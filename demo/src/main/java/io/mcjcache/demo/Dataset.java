package io.mcjcache.demo;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The oracle of one strategy's run: its keys, the value each must hold now, and what the client was told
 * about each write and delete. Every value names its key and version ({@code k17=v2}), so a value served
 * for the wrong key cannot pass for a hit, and an older version can be told from a newer one.
 */
final class Dataset {
  /** How one read compares with what was written and acknowledged. */
  enum Answer {
    /** The value last written. */
    HIT,
    /** A value older than the last acknowledged write, or another key's: the cache lied. */
    STALE,
    /** Nothing, although the key's last write was acknowledged: an acknowledged write lost. */
    LOST,
    /**
     * Nothing where the last write failed (the client knew), or the value from before a write the client
     * was told failed.
     */
    MISS,
    /** A value for a key whose delete was acknowledged: the delete is undone. */
    RESURRECTED,
    /** Nothing for a key whose delete was acknowledged: the right answer. */
    GONE,
    /** Anything for a key whose delete the client was told failed: no verdict either way. */
    UNDECIDED
  }

  private static final byte LIVE = 0;
  private static final byte DELETE_FAILED = 1;
  private static final byte DELETED = 2;

  private final String prefix;
  /** The version last written (or attempted) per key; 0 = never. */
  private final int[] versions;
  /** The last version the client saw acknowledged; 0 = none. */
  private final int[] acknowledged;
  private final byte[] deletes;

  /** Room for {@code capacity} keys named {@code prefix + "k" + i}, none written yet. */
  Dataset(String prefix, int capacity) {
    this.prefix = prefix;
    this.versions = new int[capacity];
    this.acknowledged = new int[capacity];
    this.deletes = new byte[capacity];
  }

  int capacity() {
    return versions.length;
  }

  String key(int index) {
    return prefix + "k" + index;
  }

  /** The keys {@code [from, to)}. */
  List<String> keys(int from, int to) {
    List<String> keys = new ArrayList<>(to - from);
    for (int i = from; i < to; i++) {
      keys.add(key(i));
    }
    return keys;
  }

  /** Bumps the version of keys {@code [from, to)} and returns their new entries, to be written. */
  Map<String, String> nextVersions(int from, int to) {
    Map<String, String> entries = new LinkedHashMap<>();
    for (int i = from; i < to; i++) {
      entries.put(key(i), bump(i));
    }
    return entries;
  }

  /** Bumps the version of the listed keys and returns their new entries. */
  Map<String, String> nextVersions(int[] indices, int from, int to) {
    Map<String, String> entries = new LinkedHashMap<>();
    for (int i = from; i < to; i++) {
      int index = indices[i];
      entries.put(key(index), bump(index));
    }
    return entries;
  }

  /** Records that the client saw the writes of {@code keys} (just made) acknowledged. */
  void written(Set<String> keys) {
    for (String key : keys) {
      int index = index(key);
      acknowledged[index] = versions[index];
    }
  }

  /** Records deletes of {@code keys}, of which the client saw {@code acknowledgedKeys} acknowledged. */
  void deleted(Collection<String> keys, Set<String> acknowledgedKeys) {
    for (String key : keys) {
      deletes[index(key)] = acknowledgedKeys.contains(key) ? DELETED : DELETE_FAILED;
    }
  }

  /** Judges {@code value} (null for a miss) as an answer to a read of key {@code index}. */
  Answer judge(int index, String value) {
    if (deletes[index] == DELETE_FAILED) {
      return Answer.UNDECIDED;
    }
    if (deletes[index] == DELETED) {
      return value == null ? Answer.GONE : Answer.RESURRECTED;
    }
    if (value == null) {
      return versions[index] > 0 && acknowledged[index] == versions[index] ? Answer.LOST : Answer.MISS;
    }
    if (value.equals(value(index, versions[index]))) {
      return Answer.HIT;
    }
    String own = "k" + index + "=v";
    if (!value.startsWith(own)) {
      return Answer.STALE;
    }
    int version = Integer.parseInt(value.substring(own.length()));
    return version < acknowledged[index] ? Answer.STALE : Answer.MISS;
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

  private String bump(int index) {
    deletes[index] = LIVE;
    return value(index, ++versions[index]);
  }

  private int index(String key) {
    return Integer.parseInt(key.substring(prefix.length() + 1));
  }

  private String value(int index, int version) {
    return "k" + index + "=v" + version;
  }
}
