package io.mcjcache.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuiteTest {
  @Test
  void peersTakeTurnsGoingFirst() {
    List<String> peers =
        List.of("McjcacheBenchmark.get", "RawSpymemcachedBenchmark.get", "RedissonJCacheBenchmark.get");
    assertEquals(peers, Suite.inRoundOrder(peers, 1));
    assertEquals(List.of("RedissonJCacheBenchmark.get", "RawSpymemcachedBenchmark.get", "McjcacheBenchmark.get"),
        Suite.inRoundOrder(peers, 2));
    assertEquals(peers, Suite.inRoundOrder(peers, 3));
  }
}
