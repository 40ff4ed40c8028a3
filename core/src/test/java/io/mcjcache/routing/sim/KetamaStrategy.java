package io.mcjcache.routing.sim;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.TreeMap;

/**
 * Ketama consistent hashing with redistribution, as spymemcached's KetamaNodeLocator does it: 160
 * points per node, four per MD5 digest of "address-i", each the little-endian unsigned int of four
 * digest bytes; a key's point is the first four MD5 bytes of the key. Here the ring holds only live
 * nodes, so a dead node's keys go to the next point clockwise.
 */
final class KetamaStrategy implements Strategy {
  private static final int POINTS_PER_NODE = 160;

  private final SimNodes nodes;
  private final TreeMap<Long, Integer> ring = new TreeMap<>();
  private final MessageDigest md5;

  KetamaStrategy(SimNodes nodes) {
    this.nodes = nodes;
    try {
      md5 = MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is required of every Java platform", e);
    }
    for (int node = 0; node < nodes.nodeCount(); node++) {
      addPoints(node);
    }
  }

  @Override
  public String name() {
    return "(b) ketama, redistribute";
  }

  private byte[] digest(String text) {
    return md5.digest(text.getBytes(StandardCharsets.UTF_8));
  }

  private static long point(byte[] digest, int group) {
    return ((long) (digest[3 + group * 4] & 0xFF) << 24) | ((long) (digest[2 + group * 4] & 0xFF) << 16)
        | ((long) (digest[1 + group * 4] & 0xFF) << 8) | (digest[group * 4] & 0xFF);
  }

  private void addPoints(int node) {
    for (int i = 0; i < POINTS_PER_NODE / 4; i++) {
      byte[] digest = digest("10.0." + (node / 256) + "." + (node % 256) + ":11211-" + i);
      for (int group = 0; group < 4; group++) {
        ring.put(point(digest, group), node);
      }
    }
  }

  @Override
  public int firstTarget(String key) {
    Map.Entry<Long, Integer> entry = ring.ceilingEntry(point(digest(key), 0));
    return (entry != null ? entry : ring.firstEntry()).getValue();
  }

  @Override
  public void write(String key, long version) {
    nodes.set(firstTarget(key), key, version);
  }

  @Override
  public Long read(String key) {
    return nodes.get(firstTarget(key), key);
  }

  @Override
  public void kill(int node) {
    nodes.kill(node);
    ring.values().removeIf(owner -> owner == node);
  }

  @Override
  public void revive(int node, boolean withData) {
    if (withData) {
      nodes.returnWithData(node);
    } else {
      nodes.restartEmpty(node);
    }
    addPoints(node);
  }
}
