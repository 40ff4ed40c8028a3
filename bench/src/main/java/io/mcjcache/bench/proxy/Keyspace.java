package io.mcjcache.bench.proxy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The fixed key set every endpoint is loaded with and asked for: {@code count} keys {@code pb:00000},
 * {@code pb:00001}, ... each with its own value of {@code valueBytes} printable bytes (derived from the
 * key's number, so a value read back can be checked byte for byte). The request and expected answer bytes
 * are built once here, so the load threads only copy arrays.
 */
final class Keyspace {
  static final String PREFIX = "pb:";

  private final String[] keys;
  private final byte[][] values;
  private final byte[][] getRequests;
  private final byte[][] setRequests;
  private final byte[][] valueLines;

  Keyspace(int count, int valueBytes) {
    if (count < 1 || valueBytes < 1) {
      throw new IllegalArgumentException("keys and value bytes must be positive: " + count + ", " + valueBytes);
    }
    int digits = Math.max(5, Integer.toString(count - 1).length());
    keys = new String[count];
    values = new byte[count][];
    getRequests = new byte[count][];
    setRequests = new byte[count][];
    valueLines = new byte[count][];
    for (int i = 0; i < count; i++) {
      String key = PREFIX + String.format("%0" + digits + "d", i);
      keys[i] = key;
      values[i] = value(i, valueBytes);
      getRequests[i] = ascii("get " + key + "\r\n");
      byte[] head = ascii("set " + key + " 0 0 " + valueBytes + "\r\n");
      byte[] set = Arrays.copyOf(head, head.length + valueBytes + 2);
      System.arraycopy(values[i], 0, set, head.length, valueBytes);
      set[set.length - 2] = '\r';
      set[set.length - 1] = '\n';
      setRequests[i] = set;
      valueLines[i] = ascii("VALUE " + key + " 0 " + valueBytes);
    }
  }

  int size() {
    return keys.length;
  }

  String key(int index) {
    return keys[index];
  }

  byte[] value(int index) {
    return values[index];
  }

  byte[] getRequest(int index) {
    return getRequests[index];
  }

  byte[] setRequest(int index) {
    return setRequests[index];
  }

  /** {@code VALUE <key> 0 <bytes>} without its line end: the first line of a hit. */
  byte[] valueLine(int index) {
    return valueLines[index];
  }

  private static byte[] value(int index, int length) {
    SplittableRandom random = new SplittableRandom(0x5EED_0000L + index);
    byte[] value = new byte[length];
    for (int i = 0; i < length; i++) {
      value[i] = (byte) ('a' + random.nextInt(26));
    }
    return value;
  }

  static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
