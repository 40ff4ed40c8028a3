package io.mcjcache.bench.proxy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;

/**
 * twemproxy's {@code distribution: ketama} with {@code hash: md5} (nc_ketama.c, hash_md5 in nc_md5.c), so
 * that the direct client puts every key on the node twemproxy puts it on: 160 points per server of equal
 * weight, 4 per MD5 of {@code "<name>-<i>"}, the servers named as in the generated nutcracker.yml
 * ({@code node0}, {@code node1}, ...); a key's hash is the first 4 bytes of its MD5, little-endian, and it
 * goes to the first point at or after it, wrapping round. {@link ProxyBench} checks the match: keys
 * loaded directly must all be found through twemproxy.
 */
final class KetamaRing {
  private static final int POINTS_PER_SERVER = 160;
  private static final int POINTS_PER_HASH = 4;

  private final long[] points;
  private final int[] servers;

  KetamaRing(List<String> names) {
    int perServer = POINTS_PER_SERVER; // equal weights: floor(1/n * 160 / 4 * n) * 4 = 160
    long[][] entries = new long[names.size() * perServer][];
    int at = 0;
    for (int server = 0; server < names.size(); server++) {
      for (int pointer = 0; pointer < perServer / POINTS_PER_HASH; pointer++) {
        byte[] digest = md5((names.get(server) + "-" + pointer).getBytes(StandardCharsets.US_ASCII));
        for (int x = 0; x < POINTS_PER_HASH; x++) {
          entries[at++] = new long[] {littleEndian(digest, x * 4), server};
        }
      }
    }
    Arrays.sort(entries, (a, b) -> Long.compare(a[0], b[0]));
    points = new long[entries.length];
    servers = new int[entries.length];
    for (int i = 0; i < entries.length; i++) {
      points[i] = entries[i][0];
      servers[i] = (int) entries[i][1];
    }
  }

  /** The node index of {@code key}. */
  int node(String key) {
    long hash = littleEndian(md5(key.getBytes(StandardCharsets.US_ASCII)), 0);
    int low = 0;
    int high = points.length;
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (points[mid] < hash) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return servers[low == points.length ? 0 : low];
  }

  private static long littleEndian(byte[] digest, int offset) {
    return (digest[offset] & 0xFFL) | (digest[offset + 1] & 0xFFL) << 8 | (digest[offset + 2] & 0xFFL) << 16
        | (digest[offset + 3] & 0xFFL) << 24;
  }

  private static byte[] md5(byte[] bytes) {
    try {
      return MessageDigest.getInstance("MD5").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no MD5", e);
    }
  }
}
