package io.mcjcache.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcjcache.testkit.MemcachedClusterExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The meta commands of docs/proxy.md ("Meta commands") over a raw socket, on a real 2-node cluster with
 * {@code mirror=pairs}: every flag the proxy serves, the ones it refuses, quiet pipelines and memcached's
 * error lines; writes are checked on both nodes' copies. Each test uses keys of its own (the class shares
 * one proxy and cluster). {@link MetaDifferentialTest} holds the same answers against memcached itself.
 */
class MetaProtocolTest {
  @RegisterExtension
  static final MemcachedClusterExtension CLUSTER = MemcachedClusterExtension.withNodes(2);

  private static final String BAD_FORMAT = "CLIENT_ERROR bad command line format";
  private static final String BAD_FLAG = "CLIENT_ERROR invalid or duplicate flag";

  private static ProxyFixture proxy;

  @BeforeAll
  static void startProxy() throws InterruptedException {
    proxy = new ProxyFixture(CLUSTER.cluster(), "mirror=pairs");
  }

  @AfterAll
  static void stopProxy() {
    if (proxy != null) {
      proxy.close();
    }
  }

  private static MetaWire client() throws IOException {
    return new MetaWire(proxy.port());
  }

  /** The proxy's item for {@code clientKey} as node {@code node} holds it, read from the server itself. */
  private static ProxyItem copy(int node, String clientKey) throws IOException {
    try (MetaWire server = new MetaWire(CLUSTER.cluster().node(node).port())) {
      byte[] raw = server.rawValue(proxy.namespace + ":" + ProxyKeys.PROXY_PART + clientKey);
      return raw == null ? null : ProxyItem.decode(raw);
    }
  }

  /** Both copies exist and are the same item (same stamp, flags, expiry, data). */
  private static ProxyItem bothCopies(String clientKey) throws IOException {
    ProxyItem home = copy(0, clientKey);
    ProxyItem mirror = copy(1, clientKey);
    assertThat(home).as("copy on node 0").isNotNull();
    assertThat(mirror).as("copy on node 1").isNotNull();
    assertThat(mirror.stamp()).isEqualTo(home.stamp());
    assertThat(mirror.flags()).isEqualTo(home.flags());
    assertThat(mirror.expiresAtMillis()).isEqualTo(home.expiresAtMillis());
    assertThat(mirror.data()).isEqualTo(home.data());
    return home;
  }

  private static void noCopies(String clientKey) throws IOException {
    assertThat(copy(0, clientKey)).isNull();
    assertThat(copy(1, clientKey)).isNull();
  }

  /** The number after {@code c} in an answer line. */
  private static long cas(String answer) {
    for (String token : answer.split("[ |]")) {
      if (token.matches("c[0-9]+")) {
        return Long.parseLong(token.substring(1));
      }
    }
    throw new AssertionError("no c flag in " + answer);
  }

  private static String b64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void mnAnswersMnAndOtherTwoLetterCommandsAreErrors() throws IOException {
    try (MetaWire c = client()) {
      c.send("mn\r\n");
      assertThat(c.line()).isEqualTo("MN");
      c.send("mn anything at all\r\n");
      assertThat(c.line()).isEqualTo("MN");
      assertThat(c.call("mx mn:a\r\n")).isEqualTo("ERROR");
      assertThat(c.call("me mn:a\r\n")).as("meta debug is not served").isEqualTo("ERROR");
      assertThat(c.call("mg\r\n")).isEqualTo("ERROR");
      assertThat(c.call("ms\r\n")).isEqualTo("ERROR");
      assertThat(c.call("md\r\n")).isEqualTo("ERROR");
      assertThat(c.call("ma\r\n")).isEqualTo("ERROR");
    }
  }

  @Test
  void mgReturnsWhatItsFlagsAskForInTheirOrder() throws IOException {
    try (MetaWire c = client()) {
      assertThat(c.call("ms mg:a 5 F7\r\nhello\r\n")).isEqualTo("HD");
      assertThat(c.call("mg mg:a s v f t k O42\r\n")).isEqualTo("VA 5 s5 f7 t-1 kmg:a O42|hello");
      assertThat(c.call("mg mg:a O42 k t f v s\r\n")).isEqualTo("VA 5 O42 kmg:a t-1 f7 s5|hello");
      assertThat(c.call("mg mg:a\r\n")).isEqualTo("HD");
      assertThat(c.call("mg mg:a u P/path Lx\r\n")).as("u, P and L are accepted and change nothing").isEqualTo("HD");
      assertThat(c.call("mg mg:a I C1 D2 J3 MI F9 f\r\n")).as("other commands' flags are ignored").isEqualTo("HD f7");
      assertThat(c.call("mg mg:missing v\r\n")).isEqualTo("EN");
      assertThat(c.call("mg mg:missing s v k Oab c\r\n")).as("a miss echoes O and k").isEqualTo("EN kmg:missing Oab");
      // data is bytes: \r\n inside a value is data
      assertThat(c.call("ms mg:crlf 4\r\na\r\nb\r\n")).isEqualTo("HD");
      assertThat(c.exchange("mg mg:crlf v\r\n")).containsExactly("VA 4", "a\r\nb");
      assertThat(c.call("ms mg:empty 0\r\n\r\n")).isEqualTo("HD");
      assertThat(c.exchange("mg mg:empty v s\r\n")).containsExactly("VA 0 s0", "");
      String opaque = "O" + "x".repeat(31);
      assertThat(c.call("mg mg:a " + opaque + "\r\n")).isEqualTo("HD " + opaque);
    }
  }

  @Test
  void theCasOfMgIsTheOneGetsHandsOutAndWorksBothWays() throws IOException {
    try (MetaWire c = client()) {
      assertThat(c.call("set mc:a 3 0 2\r\nv1\r\n")).isEqualTo("STORED");
      String gets = c.exchange("gets mc:a\r\n").get(0);
      long unique = Long.parseLong(gets.split(" ")[4]);
      assertThat(c.call("mg mc:a c f\r\n")).isEqualTo("HD c" + unique + " f3");
      assertThat(c.call("ms mc:a 2 C" + (unique + 1) + " c\r\nxx\r\n")).isEqualTo("EX c0");
      String stored = c.call("ms mc:a 2 C" + unique + " c\r\nv2\r\n");
      long next = cas(stored);
      assertThat(stored).isEqualTo("HD c" + next);
      assertThat(next).isNotEqualTo(unique);
      assertThat(bothCopies("mc:a").stamp()).as("the mirror carries the new CAS").isEqualTo(next);
      assertThat(c.exchange("gets mc:a\r\n").get(0)).isEqualTo("VALUE mc:a 0 2 " + next);
      assertThat(c.call("cas mc:a 1 0 2 " + next + "\r\nv3\r\n")).isEqualTo("STORED");
      assertThat(c.call("ms mc:a 2 C" + next + "\r\nv4\r\n")).as("the classic cas spent it").isEqualTo("EX");
    }
  }

  @Test
  void mgWithTTouchesBothCopiesAndKeepsTheCas() throws IOException {
    try (MetaWire c = client()) {
      assertThat(c.call("ms mt:a 1 T100\r\nx\r\n")).isEqualTo("HD");
      long unique = cas(c.call("mg mt:a c\r\n"));
      long before = System.currentTimeMillis();
      assertThat(c.call("mg mt:a t T1000 c\r\n")).as("t before T shows the old TTL")
          .isEqualTo("HD t100 c" + unique);
      assertThat(c.call("mg mt:a T2000 t\r\n")).as("t after T the new one").isEqualTo("HD t2000");
      ProxyItem item = bothCopies("mt:a");
      assertThat(item.expiresAtMillis()).isBetween(before + 1_999_000, System.currentTimeMillis() + 2_000_000);
      assertThat(item.stamp()).isEqualTo(unique);
      assertThat(c.call("mg mt:a T0 t\r\n")).isEqualTo("HD t-1");
      assertThat(bothCopies("mt:a").expiresAtMillis()).isEqualTo(ProxyItem.NEVER);
      // a TTL in the past: the item is handed out this once (t0 for the expired TTL) and gone
      assertThat(c.call("mg mt:a T-1 v t\r\n")).isEqualTo("VA 1 t0|x");
      assertThat(c.call("mg mt:a v\r\n")).isEqualTo("EN");
      noCopies("mt:a");
      assertThat(c.call("mg mt:missing T10 v k\r\n")).isEqualTo("EN kmt:missing");
    }
  }

  @Test
  void quietModeLeavesOutWhatMemcachedLeavesOut() throws IOException {
    try (MetaWire c = client()) {
      assertThat(c.exchange("ms qp:a 1 q\r\na\r\nms qp:b 1 q\r\nb\r\n")).as("ms q: no HD").isEmpty();
      assertThat(c.exchange("mg qp:a q v k\r\nmg qp:missing q v k\r\nmg qp:b q v k\r\n"))
          .as("mg q: hits only, then MN").containsExactly("VA 1 kqp:a", "a", "VA 1 kqp:b", "b");
      assertThat(c.call("mg qp:a q\r\n")).as("memcached 1.6.18 still sends HD under q").isEqualTo("HD");
      assertThat(c.call("ms qp:a 1 ME q\r\nz\r\n")).as("NS is not a success").isEqualTo("NS");
      assertThat(c.call("ms qp:a 1 C1 q\r\nz\r\n")).isEqualTo("EX");
      assertThat(c.call("md qp:a q\r\n")).isEmpty();
      assertThat(c.call("md qp:a q\r\n")).isEqualTo("NF");
      assertThat(c.call("ma qp:n N0 J5 q\r\nma qp:n q v\r\n")).as("ma q: no HD or VA for a change, but for a creation")
          .isEqualTo("HD");
      assertThat(c.call("mg qp:n v\r\n")).isEqualTo("VA 1|6");
      assertThat(c.call("ma qp:missing q\r\n")).isEqualTo("NF");
      assertThat(c.call("mg qp:b q Tx\r\n")).as("errors are always sent")
          .isEqualTo("CLIENT_ERROR bad token in command line format");
    }
  }

  @Test
  void msModesAndCasChecksAsMemcached() throws IOException {
    try (MetaWire c = client()) {
      assertThat(c.call("ms mm:a 3 ME F1\r\none\r\n")).isEqualTo("HD");
      assertThat(c.call("ms mm:a 3 ME c k\r\ntwo\r\n")).isEqualTo("NS c0 kmm:a");
      assertThat(c.call("ms mm:x 1 MR\r\nx\r\n")).isEqualTo("NS");
      assertThat(c.call("ms mm:a 5 MR F2 T1000\r\nthree\r\n")).isEqualTo("HD");
      assertThat(c.call("ms mm:a 1 MA F9 T5\r\n>\r\n")).as("append keeps flags and TTL").isEqualTo("HD");
      assertThat(c.call("ms mm:a 1 MP\r\n<\r\n")).isEqualTo("HD");
      assertThat(c.call("mg mm:a v f t\r\n")).isEqualTo("VA 7 f2 t1000|<three>");
      assertThat(c.call("ms mm:x 1 MA\r\nx\r\n")).isEqualTo("NS");
      assertThat(c.call("ms mm:x 1 MP\r\nx\r\n")).isEqualTo("NS");
      long unique = cas(c.call("mg mm:a c\r\n"));
      assertThat(c.call("ms mm:a 1 MA C" + (unique + 1) + "\r\n!\r\n")).isEqualTo("EX");
      assertThat(c.call("ms mm:a 1 MA C0\r\n!\r\n")).as("C0 is no comparison for append").isEqualTo("HD");
      assertThat(c.call("ms mm:a 1 MA C" + unique + "\r\n!\r\n")).as("the append spent it").isEqualTo("EX");
      long now = cas(c.call("mg mm:a c\r\n"));
      assertThat(c.call("ms mm:a 1 MP C" + now + "\r\n#\r\n")).isEqualTo("HD");
      assertThat(c.call("mg mm:a v\r\n")).isEqualTo("VA 9|#<three>!");
      now = cas(c.call("mg mm:a c\r\n"));
      assertThat(c.call("ms mm:a 1 ME C" + now + "\r\nx\r\n")).as("add ignores C").isEqualTo("NS");
      assertThat(c.call("ms mm:a 1 C0 c\r\nx\r\n")).isEqualTo("EX c0");
      assertThat(c.call("ms mm:x 1 C5 c\r\nx\r\n")).isEqualTo("NF c0");
      assertThat(c.call("ms mm:x 1 MR C5\r\nx\r\n")).isEqualTo("NF");
      assertThat(c.call("ms mm:a 1 MR C" + now + "\r\nR\r\n")).isEqualTo("HD");
      now = cas(c.call("mg mm:a c\r\n"));
      String stored = c.call("ms mm:a 1 MS C" + now + " c k O9\r\nS\r\n");
      assertThat(stored).matches("HD c[1-9][0-9]* kmm:a O9");
      assertThat(bothCopies("mm:a").stamp()).isEqualTo(cas(stored));
      assertThat(c.call("mg mm:a v f\r\n")).as("a set without F has flags 0").isEqualTo("VA 1 f0|S");
    }
  }

  @Test
  void msWritesBothCopiesWithFlagsAndTtl() throws IOException {
    try (MetaWire c = client()) {
      long before = System.currentTimeMillis();
      assertThat(c.call("ms mb:a 5 F4294967295 T100\r\nhello\r\n")).isEqualTo("HD");
      ProxyItem item = bothCopies("mb:a");
      assertThat(item.flags()).isEqualTo(4294967295L);
      assertThat(item.expiresAtMillis()).isBetween(before + 99_000, System.currentTimeMillis() + 100_000);
      assertThat(new String(item.data(), StandardCharsets.US_ASCII)).isEqualTo("hello");
      assertThat(c.call("ms mb:f 1 F4294967296\r\nx\r\nmg mb:f f\r\n")).as("F is cut to 32 bits, as in memcached")
          .isEqualTo("HD|HD f0");
      assertThat(c.call("ms mb:f 1 F+7\r\nx\r\nmg mb:f f\r\n")).isEqualTo("HD|HD f7");
      assertThat(c.call("ms mb:a 1 T-1\r\nx\r\n")).isEqualTo("HD");
      assertThat(c.call("mg mb:a v\r\n")).isEqualTo("EN");
      noCopies("mb:a");
    }
  }

  @Test
  void mdDeletesBothCopiesAndComparesCas() throws IOException {
    try (MetaWire c = client()) {
      c.call("ms md:a 1\r\nx\r\n");
      bothCopies("md:a");
      assertThat(c.call("md md:a\r\n")).isEqualTo("HD");
      noCopies("md:a");
      assertThat(c.call("md md:a\r\n")).isEqualTo("NF");
      assertThat(c.call("md md:a k O1\r\n")).isEqualTo("NF kmd:a O1");
      long unique = cas(c.call("ms md:a 1 c\r\nx\r\n"));
      assertThat(c.call("md md:a C" + (unique + 1) + " k\r\n")).isEqualTo("EX kmd:a");
      assertThat(c.call("md md:a C0\r\n")).isEqualTo("EX");
      assertThat(c.call("md md:a C" + unique + " O7\r\n")).isEqualTo("HD O7");
      noCopies("md:a");
      assertThat(c.call("md md:a C" + unique + "\r\n")).isEqualTo("NF");
      assertThat(c.call("md md:a\r\n")).as("the tombstone of an atomic removal is not found").isEqualTo("NF");
      c.call("ms md:b 1\r\nx\r\n");
      assertThat(c.call("md md:b T30\r\n")).as("T without I just deletes").isEqualTo("HD");
      assertThat(c.call("mg md:b\r\n")).isEqualTo("EN");
    }
  }

  @Test
  void maCountsOnTheOwnerAndVivifies() throws IOException {
    try (MetaWire c = client()) {
      assertThat(c.call("ma ma:n\r\n")).isEqualTo("NF");
      assertThat(c.call("ma ma:n k O1\r\n")).isEqualTo("NF kma:n O1");
      assertThat(c.call("ma ma:n N0 J10 D5 v\r\n")).as("a created item holds J; D is not applied")
          .isEqualTo("VA 2|10");
      assertThat(c.call("ma ma:n v\r\n")).isEqualTo("VA 2|11");
      assertThat(c.call("ma ma:n\r\n")).isEqualTo("HD");
      assertThat(c.call("ma ma:n D5 MD v\r\n")).isEqualTo("VA 1|7");
      assertThat(c.call("ma ma:n D100 M- v\r\n")).as("decr stops at 0").isEqualTo("VA 1|0");
      assertThat(c.call("ma ma:n D18446744073709551615 M+ v\r\n")).isEqualTo("VA 20|18446744073709551615");
      assertThat(c.call("ma ma:n MI v\r\n")).as("incr wraps").isEqualTo("VA 1|0");
      String answer = c.call("ma ma:n v c t k\r\n");
      long unique = cas(answer);
      assertThat(answer).isEqualTo("VA 1 c" + unique + " t-1 kma:n|1");
      ProxyItem item = bothCopies("ma:n");
      assertThat(item.stamp()).isEqualTo(unique);
      assertThat(new String(item.data(), StandardCharsets.US_ASCII)).isEqualTo("1");
      assertThat(c.call("ma ma:n C" + (unique + 1) + " v\r\n")).isEqualTo("EX");
      assertThat(c.call("ma ma:n C" + unique + " v\r\n")).isEqualTo("VA 1|2");
      assertThat(c.call("ma ma:n C0 v\r\n")).as("C0 is no comparison").isEqualTo("VA 1|3");
      // TTLs: N and T apply where they stand; t reports the TTL at its place
      assertThat(c.call("ma ma:v N100 t v\r\n")).isEqualTo("VA 1 t100|0");
      assertThat(c.call("ma ma:w t N100 v\r\n")).isEqualTo("VA 1 t-1|0");
      assertThat(c.call("mg ma:w t\r\n")).isEqualTo("HD t100");
      assertThat(c.call("ma ma:w t T50 t\r\n")).as("t twice is a duplicate flag").isEqualTo(BAD_FLAG);
      assertThat(c.call("ma ma:w T50 t\r\n")).isEqualTo("HD t50");
      assertThat(bothCopies("ma:w").expiresAtMillis()).isLessThanOrEqualTo(System.currentTimeMillis() + 50_000);
      assertThat(c.call("ma ma:w T-1 v\r\n")).isEqualTo("VA 1|2");
      noCopies("ma:w");
      assertThat(c.call("md ma:w\r\n")).isEqualTo("NF");
      // the item keeps its flags; the number is read as memcached reads it
      c.call("ms ma:f 2 F7\r\n 9\r\n");
      assertThat(c.call("ma ma:f v\r\nmg ma:f f v\r\n")).isEqualTo("VA 2|10|VA 2 f7|10");
      c.call("ms ma:s 4\r\n12  \r\n");
      assertThat(c.call("ma ma:s v\r\n")).isEqualTo("VA 2|13");
      for (String bad : new String[] {"abc", "12a", "-1", "", " "}) {
        c.call("ms ma:bad " + bad.length() + "\r\n" + bad + "\r\n");
        assertThat(c.call("ma ma:bad\r\n")).as(bad)
            .isEqualTo("CLIENT_ERROR cannot increment or decrement non-numeric value");
      }
      assertThat(c.call("ma ma:bad q\r\n")).isEqualTo("CLIENT_ERROR cannot increment or decrement non-numeric value");
    }
  }

  @Test
  void base64KeysAreTheSameItemsAsTheirTextKeys() throws IOException {
    String key = b64("b6:foo");
    try (MetaWire c = client()) {
      String stored = c.call("ms " + key + " 2 b k c\r\nhi\r\n");
      assertThat(stored).isEqualTo("HD k" + key + " b c" + cas(stored));
      assertThat(c.call("mg b6:foo v\r\n")).isEqualTo("VA 2|hi");
      assertThat(c.call("mg " + key + " b k v\r\n")).isEqualTo("VA 2 k" + key + " b|hi");
      assertThat(c.call("mg " + key.substring(0, 4) + "!" + key.substring(4) + " b k\r\n"))
          .as("characters outside the alphabet are skipped, the key is echoed re-encoded")
          .isEqualTo("HD k" + key + " b");
      assertThat(c.call("ma " + b64("b6:n") + " b N0 J1 v k\r\n")).isEqualTo("VA 1 k" + b64("b6:n") + " b|1");
      assertThat(c.call("md " + key + " b k\r\n")).isEqualTo("HD k" + key + " b");
      assertThat(c.call("mg b6:foo\r\n")).isEqualTo("EN");
      assertThat(c.call("mg Zm9v= b\r\n")).isEqualTo("CLIENT_ERROR error decoding key");
      assertThat(c.call("mg Zm9vYg=== b\r\n")).isEqualTo("CLIENT_ERROR error decoding key");
      assertThat(c.call("ms Zm9v= 1 b\r\nx\r\n")).isEqualTo("CLIENT_ERROR error decoding key");
      assertThat(c.call("md Zm9v= b\r\n")).isEqualTo(BAD_FLAG);
      assertThat(c.call("ma Zm9v= b\r\n")).isEqualTo(BAD_FLAG);
      // bytes the proxy cannot keep as a key: a control byte, a space, invalid UTF-8
      for (byte[] bytes : new byte[][] {{0, 'a', 'b'}, {'a', ' ', 'b'}, {(byte) 0xff, 'a', 'b'}}) {
        String binary = Base64.getEncoder().encodeToString(bytes);
        assertThat(c.call("mg " + binary + " b\r\n")).isEqualTo(BAD_FORMAT);
        assertThat(c.call("ms " + binary + " 1 b\r\nx\r\n")).as("the data block is dropped").isEqualTo(BAD_FORMAT);
        assertThat(c.call("md " + binary + " b\r\n")).isEqualTo(BAD_FORMAT);
        assertThat(c.call("ma " + binary + " b\r\n")).isEqualTo(BAD_FORMAT);
      }
      String utf8 = Base64.getEncoder().encodeToString("b6:\u00e9".getBytes(StandardCharsets.UTF_8));
      assertThat(c.call("ms " + utf8 + " 1 b\r\nx\r\n")).isEqualTo("HD");
      String asSent = new String("b6:\u00e9".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
      assertThat(c.call("mg " + asSent + " v\r\n")).isEqualTo("VA 1|x");
    }
  }

  @Test
  void badFlagsAndTokensGetMemcachedsLines() throws IOException {
    try (MetaWire c = client()) {
      c.call("ms bf:a 1\r\nx\r\n");
      assertThat(c.call("ms bf:a\r\n")).isEqualTo(BAD_FORMAT);
      assertThat(c.call("mg bf:a v v\r\n")).isEqualTo("CLIENT_ERROR duplicate flag");
      assertThat(c.call("mg bf:a Z\r\n")).isEqualTo("CLIENT_ERROR invalid flag");
      assertThat(c.call("mg bf:a E\r\n")).as("memcached 1.6.18 has no E").isEqualTo("CLIENT_ERROR invalid flag");
      assertThat(c.call("mg bf:a \u00e9\r\n")).isEqualTo("CLIENT_ERROR duplicate flag");
      assertThat(c.call("mg bf:a Tx\r\n")).isEqualTo("CLIENT_ERROR bad token in command line format");
      assertThat(c.call("mg bf:a T\r\n")).isEqualTo("CLIENT_ERROR bad token in command line format");
      assertThat(c.call("mg bf:a Cx\r\n")).isEqualTo("CLIENT_ERROR bad token in command line format");
      assertThat(c.call("mg bf:a Fx\r\n")).isEqualTo(BAD_FORMAT);
      assertThat(c.call("mg bf:a Tx Fx\r\n")).as("the last message set wins")
          .isEqualTo("CLIENT_ERROR bad token in command line format");
      assertThat(c.call("mg bf:a Jx\r\n")).isEqualTo("CLIENT_ERROR invalid numeric initial value");
      assertThat(c.call("mg bf:a D-1\r\n")).isEqualTo("CLIENT_ERROR invalid numeric delta value");
      assertThat(c.call("mg bf:a MEE\r\n")).isEqualTo("CLIENT_ERROR incorrect length for M token");
      assertThat(c.call("ms bf:a 1 MX\r\ny\r\n")).isEqualTo("CLIENT_ERROR invalid mode for ms M token");
      assertThat(c.call("ma bf:a MX\r\n")).isEqualTo("CLIENT_ERROR invalid mode for ma M token");
      assertThat(c.call("ma bf:a Dx\r\n")).isEqualTo(BAD_FLAG);
      assertThat(c.call("ma bf:a MII\r\n")).isEqualTo(BAD_FLAG);
      assertThat(c.call("md bf:a k k\r\n")).isEqualTo(BAD_FLAG);
      assertThat(c.call("md bf:a Tx\r\n")).isEqualTo(BAD_FLAG);
      String opaque = "O" + "x".repeat(32);
      assertThat(c.call("mg bf:a " + opaque + "\r\n")).isEqualTo("CLIENT_ERROR opaque token too long");
      assertThat(c.call("ms bf:a 1 " + opaque + "\r\ny\r\n")).isEqualTo("CLIENT_ERROR opaque token too long");
      assertThat(c.call("md bf:a " + opaque + "\r\n")).isEqualTo("CLIENT_ERROR opaque token too long");
      assertThat(c.call("ma bf:a " + opaque + "\r\n")).isEqualTo("CLIENT_ERROR opaque token too long");
      assertThat(c.call("mg bf:a v\r\n")).as("no refused line changed anything").isEqualTo("VA 1|x");
      String seventeen = "O k c f s t v u P L I F1 C1 D1 J1 MI S";
      assertThat(c.call("mg bf:a " + seventeen.replace(" S", "") + "\r\n")).startsWith("VA 1 O kbf:a");
      assertThat(c.call("mg bf:a " + seventeen + " q\r\n")).isEqualTo("CLIENT_ERROR options flags are too long");
      assertThat(c.call("md bf:a " + seventeen + " q\r\n")).isEqualTo("CLIENT_ERROR options flags too long");
      assertThat(c.call("ma bf:a " + seventeen + " q\r\n")).isEqualTo("CLIENT_ERROR options flags too long");
      assertThat(c.call("ms bf:a 1 " + seventeen + "\r\ny\r\n")).as("the data block is dropped")
          .isEqualTo("CLIENT_ERROR options flags too long");
    }
  }

  @Test
  void keysLongerThanTheProxyKeepsAreRefused() throws IOException {
    int limit = 250 - (proxy.namespace + ":" + ProxyKeys.PROXY_PART).length();
    String longest = "k".repeat(limit);
    try (MetaWire c = client()) {
      assertThat(c.call("ms " + longest + " 1 k\r\nx\r\n")).isEqualTo("HD k" + longest);
      assertThat(c.call("mg " + longest + " v\r\n")).isEqualTo("VA 1|x");
      for (String key : new String[] {longest + "k", "k".repeat(251)}) {
        assertThat(c.call("mg " + key + " v\r\n")).isEqualTo(BAD_FORMAT);
        assertThat(c.call("ms " + key + " 1\r\nx\r\n")).as("the data block is dropped").isEqualTo(BAD_FORMAT);
        assertThat(c.call("md " + key + "\r\n")).isEqualTo(BAD_FORMAT);
        assertThat(c.call("ma " + key + "\r\n")).isEqualTo(BAD_FORMAT);
      }
      assertThat(c.call("mg k\u0000 v\r\n")).isEqualTo(BAD_FORMAT);
    }
  }

  @Test
  void msDataBlocksAreFramedByTheThirdToken() throws IOException {
    try (MetaWire c = client()) {
      c.call("ms db:a 3\r\nold\r\n");
      assertThat(c.exchange("ms db:a x\r\nbogus\r\n")).as("no readable length: the next line is a command")
          .containsExactly(BAD_FORMAT, "ERROR");
      assertThat(c.exchange("ms db:a -1\r\n")).containsExactly(BAD_FORMAT);
      assertThat(c.exchange("ms db:a 2147483646\r\n")).containsExactly(BAD_FORMAT);
      assertThat(c.exchange("ms db:a 2\r\nabcd\r\n")).containsExactly("CLIENT_ERROR bad data chunk", "ERROR");
      assertThat(c.call("ms db:a +2 Z\r\nxy\r\n")).as("a bad flag: the block is still consumed")
          .isEqualTo("CLIENT_ERROR invalid flag");
      assertThat(c.call("ms db:a 1 I\r\nx\r\n")).isEqualTo("CLIENT_ERROR invalid flag");
      assertThat(c.call("mg db:a v\r\n")).isEqualTo("VA 3|old");
      assertThat(c.call("ms db:a +2\r\nxy\r\nmg db:a v\r\n")).isEqualTo("HD|VA 2|xy");

      byte[] huge = new byte[proxy.store.itemSizeLimit() + 10];
      c.send("ms db:a " + huge.length + " ME q\r\n").send(huge);
      assertThat(c.exchange("\r\n")).as("too large: swallowed, and the old item goes in any mode, as memcached")
          .containsExactly(TextCommands.TOO_LARGE);
      assertThat(c.call("mg db:a v\r\n")).isEqualTo("EN");
      noCopies("db:a");
      c.call("ms db:a 3\r\nold\r\n");
      c.send("ms db:a " + huge.length + " MZ\r\n").send(huge);
      assertThat(c.exchange("\r\n")).as("a flag error comes first").containsExactly(
          "CLIENT_ERROR invalid mode for ms M token");
      assertThat(c.call("mg db:a v\r\n")).isEqualTo("VA 3|old");
      byte[] over = new byte[proxy.store.itemSizeLimit() - 50];
      c.send("ms db:a " + over.length + "\r\n").send(over);
      assertThat(c.exchange("\r\n")).as("over once the key, header and item overhead are counted")
          .containsExactly(TextCommands.TOO_LARGE);
      c.call("ms db:b 3\r\nold\r\n");
      byte[] half = new byte[proxy.store.itemSizeLimit() / 2 + 10];
      c.send("ms db:b " + half.length + " MS\r\n").send(half);
      assertThat(c.exchange("\r\n")).containsExactly("HD");
      c.send("ms db:b " + half.length + " MA\r\n").send(half);
      assertThat(c.exchange("\r\n")).as("an append that cannot fit is not stored, as in memcached")
          .containsExactly("NS");
    }
  }

  @Test
  void flagsThatCannotBeServedExactlyAreRefused() throws IOException {
    try (MetaWire c = client()) {
      c.call("ms rf:a 1\r\nx\r\n");
      assertThat(c.call("mg rf:a h\r\n")).isEqualTo("CLIENT_ERROR invalid flag");
      assertThat(c.call("mg rf:a l\r\n")).isEqualTo("CLIENT_ERROR invalid flag");
      assertThat(c.call("mg rf:missing N30 v\r\n")).isEqualTo("CLIENT_ERROR invalid flag");
      assertThat(c.call("mg rf:a R30 v\r\n")).isEqualTo("CLIENT_ERROR invalid flag");
      assertThat(c.call("ms rf:a 1 I C1\r\ny\r\n")).isEqualTo("CLIENT_ERROR invalid flag");
      assertThat(c.call("md rf:a I\r\n")).isEqualTo(BAD_FLAG);
      assertThat(c.call("mg rf:a v\r\n")).isEqualTo("VA 1|x");
      assertThat(c.call("mg rf:missing v\r\n")).as("nothing was vivified").isEqualTo("EN");
      assertThat(c.call("ma rf:n N0 I R5 h l u s f v\r\n")).as("ma ignores them, as memcached").isEqualTo("VA 1|0");
      assertThat(c.call("md rf:a N5 R5 h l\r\n")).as("md ignores them, as memcached").isEqualTo("HD");
    }
  }

  @Test
  void metaCommandsCountInTheFigures() throws IOException {
    ProxyFiguresMXBean figures = proxy.server.figures();
    try (MetaWire c = client()) {
      long gets = figures.getGetKeys();
      long hits = figures.getGetHits();
      long storage = figures.getStorageCommands();
      c.call("ms fg:a 1\r\nx\r\n");
      c.call("ms fg:a 1 ME\r\ny\r\n");
      c.call("mg fg:a v\r\n");
      c.call("mg fg:a T10\r\n");
      c.call("mg fg:missing v\r\n");
      c.call("mg fg:a Tx\r\n");
      assertThat(figures.getStorageCommands() - storage).isEqualTo(2);
      assertThat(figures.getGetKeys() - gets).isEqualTo(3);
      assertThat(figures.getGetHits() - hits).isEqualTo(2);
    }
  }
}
