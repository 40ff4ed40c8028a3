package io.mcjcache.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcjcache.testkit.MemcachedClusterExtension;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** listKeys over {@code lru_crawler metadump}: exact key sets, prefix filtering, decoding. */
class KeyListingTest {

  @RegisterExtension
  static final MemcachedClusterExtension CLUSTER = MemcachedClusterExtension.withNodes(2);

  private static MemcachedTransport transport;

  @BeforeAll
  static void open() {
    transport = new MemcachedTransport(TransportSettings.of(CLUSTER.cluster().addresses()));
  }

  @AfterAll
  static void close() {
    transport.close();
  }

  @Test
  void listsExactlyTheTenThousandKeysOfAPrefix() {
    Set<String> ours = new HashSet<>();
    Map<String, Item> batch = new LinkedHashMap<>();
    for (int i = 0; i < 10_000; i++) {
      String key = "listing:ours:" + i;
      ours.add(key);
      batch.put(key, new Item(0, ("v" + i).getBytes()));
      if (batch.size() == 1000) {
        assertThat(TestCalls.setMulti(transport, 0, batch)).doesNotContainValue(false);
        batch.clear();
      }
    }
    Map<String, Item> others = new LinkedHashMap<>();
    for (int i = 0; i < 2_000; i++) {
      others.put("listing:other:" + i, new Item(0, new byte[10]));
    }
    others.put("listing:our", new Item(0, new byte[1])); // a prefix of the prefix: excluded
    TestCalls.setMulti(transport, 0, others);

    Set<String> listed = new HashSet<>();
    transport.listKeys(0, "listing:ours:", listed::add);

    assertThat(listed).isEqualTo(ours);
  }

  @Test
  void keysNeedingPercentEncodingComeBackDecoded() {
    Set<String> written = Set.of("enc:a/b+c", "enc:100%", "enc:caf\u00e9", "enc:x=y&z");
    for (String key : written) {
      TestCalls.set(transport, 1, key, 0, new byte[] {1});
    }
    Set<String> listed = new HashSet<>();
    transport.listKeys(1, "enc:", listed::add);
    assertThat(listed).isEqualTo(written);
  }

  /**
   * A metadump pass (docs/design.md, "Facts about memcached") may miss keys that are read hot while it runs,
   * so callers repeat it. Each pass lists only keys we wrote, and at most three passes together
   * find all of them while another thread keeps reading them.
   */
  @Test
  void repeatedPassesFindEveryKeyWhileTheKeysAreReadHot() throws Exception {
    List<String> written = new ArrayList<>();
    Map<String, Item> batch = new LinkedHashMap<>();
    for (int i = 0; i < 5_000; i++) {
      String key = "hot:" + i;
      written.add(key);
      batch.put(key, new Item(0, new byte[100]));
    }
    TestCalls.setMulti(transport, 1, batch);
    AtomicBoolean stop = new AtomicBoolean();
    Thread reader = new Thread(() -> {
      ThreadLocalRandom random = ThreadLocalRandom.current();
      while (!stop.get()) {
        transport.getMulti(1, List.of(written.get(random.nextInt(written.size())),
            written.get(random.nextInt(written.size()))));
      }
    }, "hot-reader");
    reader.start();
    try {
      Set<String> found = new HashSet<>();
      List<Integer> perPass = new ArrayList<>();
      for (int pass = 0; pass < 3 && found.size() < written.size(); pass++) {
        Set<String> listed = new HashSet<>();
        transport.listKeys(1, "hot:", listed::add);
        assertThat(written).containsAll(listed);
        perPass.add(listed.size());
        found.addAll(listed);
      }
      assertThat(found).as("keys found per pass: %s", perPass).containsExactlyInAnyOrderElementsOf(written);
    } finally {
      stop.set(true);
      reader.join();
    }
  }

  @Test
  void emptyNodeListsNothing() {
    Set<String> listed = new HashSet<>();
    transport.listKeys(1, "nothing-has-this-prefix:", listed::add);
    assertThat(listed).isEmpty();
  }
}
