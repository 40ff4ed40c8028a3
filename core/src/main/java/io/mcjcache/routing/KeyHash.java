package io.mcjcache.routing;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * The one hash that places keys: <b>XXH64 with seed 0</b> (xxHash, 64-bit variant, as specified by
 * its author Yann Collet) over the raw key bytes, the result read as an unsigned 64-bit number.
 *
 * <p>Every client of a cluster must compute the same value for the same bytes, so this function is
 * part of the on-the-wire contract: changing it moves every key. Any change must bump
 * {@link #VERSION}. XXH64 was chosen because it is well distributed in all 64 bits (so both
 * {@code mod N} and jump hashing get an even spread), fast, specified precisely and widely
 * implemented, which lets clients in other languages place keys identically.
 *
 * <p>Definition (all arithmetic mod 2^64, words read little-endian, primes P1..P5 below):
 * inputs of 32+ bytes run four lanes {@code v = rotl(v + w * P2, 31) * P1} over 32-byte stripes,
 * merged with {@code h = (h ^ round(0, v)) * P1 + P4}; shorter inputs start from {@code P5}. Then
 * {@code h += length}, the remaining 8-, 4- and 1-byte pieces are mixed in, and the avalanche
 * {@code h ^= h>>>33; h *= P2; h ^= h>>>29; h *= P3; h ^= h>>>32} finishes.
 */
public final class KeyHash {
  /** Version of the key placement hash; bump on any change (it moves every key). */
  public static final int VERSION = 1;

  private static final long P1 = 0x9E3779B185EBCA87L;
  private static final long P2 = 0xC2B2AE3D27D4EB4FL;
  private static final long P3 = 0x165667B19E3779F9L;
  private static final long P4 = 0x85EBCA77C2B2AE63L;
  private static final long P5 = 0x27D4EB2F165667C5L;
  private static final VarHandle LONG_LE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle INT_LE =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

  private KeyHash() {
  }

  /** The placement hash of all of {@code bytes}. */
  public static long hash(byte[] bytes) {
    return hash(bytes, 0, bytes.length);
  }

  /** The placement hash of {@code bytes[offset, offset + length)}. */
  public static long hash(byte[] bytes, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, bytes.length);
    int p = offset;
    int end = offset + length;
    long h;
    if (length >= 32) {
      long v1 = P1 + P2;
      long v2 = P2;
      long v3 = 0;
      long v4 = -P1;
      for (; p + 32 <= end; p += 32) {
        v1 = round(v1, (long) LONG_LE.get(bytes, p));
        v2 = round(v2, (long) LONG_LE.get(bytes, p + 8));
        v3 = round(v3, (long) LONG_LE.get(bytes, p + 16));
        v4 = round(v4, (long) LONG_LE.get(bytes, p + 24));
      }
      h = Long.rotateLeft(v1, 1) + Long.rotateLeft(v2, 7)
          + Long.rotateLeft(v3, 12) + Long.rotateLeft(v4, 18);
      h = merge(merge(merge(merge(h, v1), v2), v3), v4);
    } else {
      h = P5;
    }
    h += length;
    for (; p + 8 <= end; p += 8) {
      h ^= round(0, (long) LONG_LE.get(bytes, p));
      h = Long.rotateLeft(h, 27) * P1 + P4;
    }
    if (p + 4 <= end) {
      h ^= ((int) INT_LE.get(bytes, p) & 0xFFFF_FFFFL) * P1;
      h = Long.rotateLeft(h, 23) * P2 + P3;
      p += 4;
    }
    for (; p < end; p++) {
      h ^= (bytes[p] & 0xFFL) * P5;
      h = Long.rotateLeft(h, 11) * P1;
    }
    h ^= h >>> 33;
    h *= P2;
    h ^= h >>> 29;
    h *= P3;
    return h ^ (h >>> 32);
  }

  private static long round(long acc, long input) {
    return Long.rotateLeft(acc + input * P2, 31) * P1;
  }

  private static long merge(long acc, long lane) {
    return (acc ^ round(0, lane)) * P1 + P4;
  }
}
