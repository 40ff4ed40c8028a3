package io.mcjcache.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcjcache.testkit.MemcachedClusterExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every command and error answer of docs/proxy.md over a raw socket, on a real 2-node cluster with
 * {@code mirror=pairs}. Each test uses keys of its own (the class shares one proxy and cluster).
 */
class ProxyProtocolTest {
  @RegisterExtension
  static final MemcachedClusterExtension CLUSTER = MemcachedClusterExtension.withNodes(2);

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

  private static RawClient client() throws IOException {
    return new RawClient(proxy.port());
  }

  /** The lines of a retrieval answer up to and including END. */
  private static List<String> retrieval(RawClient c, String request) throws IOException {
    c.send(request);
    List<String> lines = new ArrayList<>();
    String line;
    do {
      line = c.line();
      lines.add(line);
    } while (line != null && !line.equals("END") && !line.startsWith("CLIENT_ERROR")
        && !line.startsWith("SERVER_ERROR") && !line.equals("ERROR"));
    return lines;
  }

  @Test
  void setThenGetAndMultiGetKeepFlagsAndData() throws IOException {
    try (RawClient c = client()) {
      assertThat(c.call("set sg:a 5 0 5\r\nhello\r\n")).isEqualTo("STORED");
      assertThat(c.call("set sg:b 4294967295 0 3\r\nbye\r\n")).isEqualTo("STORED");
      assertThat(c.call("set sg:empty 0 0 0\r\n\r\n")).isEqualTo("STORED");
      assertThat(retrieval(c, "get sg:a\r\n")).containsExactly("VALUE sg:a 5 5", "hello", "END");
      assertThat(retrieval(c, "get sg:missing\r\n")).containsExactly("END");
      assertThat(retrieval(c, "get sg:a sg:missing sg:b sg:empty sg:a\r\n")).containsExactly(
          "VALUE sg:a 5 5", "hello", "VALUE sg:b 4294967295 3", "bye", "VALUE sg:empty 0 0", "",
          "VALUE sg:a 5 5", "hello", "END");
      // a value holding \r\n itself is data, not framing
      assertThat(c.call("set sg:crlf 0 0 4\r\na\r\nb\r\n")).isEqualTo("STORED");
      assertThat(retrieval(c, "get sg:crlf\r\n")).containsExactly("VALUE sg:crlf 0 4", "a", "b", "END");
      // a bare \n ends a line too, as with memcached
      assertThat(c.call("set sg:lf 0 0 1\nx\r\n")).isEqualTo("STORED");
      assertThat(retrieval(c, "get sg:lf\n")).containsExactly("VALUE sg:lf 0 1", "x", "END");
    }
  }

  @Test
  void getsGivesAStableCasUniqueThatChangesWithTheValue() throws IOException {
    try (RawClient c = client()) {
      c.call("set gs:a 1 0 2\r\nv1\r\n");
      List<String> first = retrieval(c, "gets gs:a\r\n");
      List<String> second = retrieval(c, "gets gs:a\r\n");
      assertThat(first).hasSize(3);
      assertThat(first.get(0)).matches("VALUE gs:a 1 2 [1-9][0-9]*");
      assertThat(second).isEqualTo(first);
      // the same bytes written again are a new write: a new unique
      c.call("set gs:a 1 0 2\r\nv1\r\n");
      assertThat(retrieval(c, "gets gs:a\r\n").get(0)).isNotEqualTo(first.get(0));
    }
  }

  @Test
  void casStoresOnlyOverTheItemTheClientSaw() throws IOException {
    try (RawClient c = client()) {
      c.call("set cs:a 1 0 2\r\nv1\r\n");
      long unique = casUnique(retrieval(c, "gets cs:a\r\n").get(0));
      assertThat(c.call("cas cs:a 7 0 2 " + (unique + 1) + "\r\nxx\r\n")).isEqualTo("EXISTS");
      assertThat(c.call("cas cs:a 7 0 2 " + unique + "\r\nv2\r\n")).isEqualTo("STORED");
      assertThat(retrieval(c, "get cs:a\r\n")).containsExactly("VALUE cs:a 7 2", "v2", "END");
      // the unique it used is spent
      assertThat(c.call("cas cs:a 7 0 2 " + unique + "\r\nv3\r\n")).isEqualTo("EXISTS");
      assertThat(c.call("cas cs:missing 0 0 1 " + unique + "\r\nx\r\n")).isEqualTo("NOT_FOUND");
      // any other write spends it too: incr, append; touch does not (as in memcached)
      c.call("set cs:n 0 0 1\r\n5\r\n");
      long n = casUnique(retrieval(c, "gets cs:n\r\n").get(0));
      assertThat(c.call("touch cs:n 100\r\n")).isEqualTo("TOUCHED");
      assertThat(casUnique(retrieval(c, "gets cs:n\r\n").get(0))).isEqualTo(n);
      assertThat(c.call("incr cs:n 1\r\n")).isEqualTo("6");
      assertThat(c.call("cas cs:n 0 0 1 " + n + "\r\n9\r\n")).isEqualTo("EXISTS");
      long afterIncr = casUnique(retrieval(c, "gets cs:n\r\n").get(0));
      c.call("append cs:n 0 0 1\r\n0\r\n");
      assertThat(c.call("cas cs:n 0 0 1 " + afterIncr + " noreply\r\n9\r\nget cs:n\r\n"))
          .isEqualTo("VALUE cs:n 0 2");
      assertThat(c.line()).isEqualTo("60");
      assertThat(c.line()).isEqualTo("END");
      // a unique beyond 2^63 is a number memcached accepts; it matches nothing
      assertThat(c.call("cas cs:n 0 0 1 18446744073709551615\r\n9\r\n")).isEqualTo("EXISTS");
    }
  }

  @Test
  void gatAndGatsReturnTheItemsAndSetTheirExpiry() throws IOException, InterruptedException {
    try (RawClient c = client()) {
      c.call("set ga:a 3 0 1\r\na\r\n");
      c.call("set ga:b 4 0 1\r\nb\r\n");
      long unique = casUnique(retrieval(c, "gets ga:a\r\n").get(0));
      assertThat(retrieval(c, "gat 1 ga:a ga:missing ga:b\r\n"))
          .containsExactly("VALUE ga:a 3 1", "a", "VALUE ga:b 4 1", "b", "END");
      assertThat(retrieval(c, "gats 1 ga:a\r\n"))
          .containsExactly("VALUE ga:a 3 1 " + unique, "a", "END");
      assertThat(retrieval(c, "gat -1 ga:b\r\n")).containsExactly("VALUE ga:b 4 1", "b", "END");
      assertThat(retrieval(c, "get ga:b\r\n")).containsExactly("END");
      assertThat(retrieval(c, "gat 0 ga:missing\r\n")).containsExactly("END");
      assertThat(c.call("gat x ga:a\r\n")).isEqualTo("CLIENT_ERROR invalid exptime argument");
      assertThat(c.call("gat 1\r\n")).isEqualTo("ERROR");
    }
  }

  private static long casUnique(String valueLine) {
    String[] parts = valueLine.split(" ");
    assertThat(parts).hasSize(5);
    return Long.parseLong(parts[4]);
  }

  @Test
  void addReplaceAppendPrepend() throws IOException {
    try (RawClient c = client()) {
      assertThat(c.call("add ar:a 1 0 3\r\none\r\n")).isEqualTo("STORED");
      assertThat(c.call("add ar:a 2 0 3\r\ntwo\r\n")).isEqualTo("NOT_STORED");
      assertThat(c.call("replace ar:missing 0 0 1\r\nx\r\n")).isEqualTo("NOT_STORED");
      assertThat(c.call("replace ar:a 3 0 5\r\nthree\r\n")).isEqualTo("STORED");
      assertThat(c.call("append ar:a 9 0 1\r\n>\r\n")).isEqualTo("STORED");
      assertThat(c.call("prepend ar:a 9 0 1\r\n<\r\n")).isEqualTo("STORED");
      assertThat(c.call("append ar:missing 0 0 1\r\nx\r\n")).isEqualTo("NOT_STORED");
      assertThat(retrieval(c, "get ar:a ar:missing\r\n")).containsExactly("VALUE ar:a 3 7", "<three>", "END");
    }
  }

  @Test
  void deleteAndNoreply() throws IOException {
    try (RawClient c = client()) {
      c.call("set dn:a 0 0 1\r\na\r\n");
      assertThat(c.call("delete dn:a\r\n")).isEqualTo("DELETED");
      assertThat(c.call("delete dn:a\r\n")).isEqualTo("NOT_FOUND");
      assertThat(c.call("delete dn:a 0\r\n")).isEqualTo("NOT_FOUND");
      assertThat(c.call("delete dn:a 5\r\n"))
          .isEqualTo("CLIENT_ERROR bad command line format.  Usage: delete <key> [noreply]");
      // noreply: no answer at all; the next answer is the next command's
      c.send("set dn:b 0 0 1 noreply\r\nb\r\n").send("add dn:b 0 0 1 noreply\r\nc\r\n")
          .send("append dn:b 0 0 1 noreply\r\nd\r\n").send("touch dn:b 100 noreply\r\n")
          .send("verbosity 1 noreply\r\n");
      assertThat(retrieval(c, "get dn:b\r\n")).containsExactly("VALUE dn:b 0 2", "bd", "END");
      c.send("delete dn:b noreply\r\n").send("incr dn:b 1 noreply\r\n").send("flush_all noreply\r\n");
      assertThat(retrieval(c, "get dn:b\r\n")).containsExactly("END");
      // nor are errors answered under noreply (memcached 1.6 is silent too): the next answer is the version
      c.send("incr dn:b x noreply\r\n").send("delete dn:b 5 noreply\r\n").send("touch dn:b x noreply\r\n")
          .send("set dn:c 0 0 1 noreply\r\nxyz\r\n"); // a bad data chunk, then an empty line: ERROR
      assertThat(c.line()).isEqualTo("ERROR");
      byte[] big = new byte[proxy.store.itemSizeLimit() + 1];
      c.send(("set dn:d 0 0 " + big.length + " noreply\r\n").getBytes(StandardCharsets.ISO_8859_1)).send(big)
          .send("\r\n");
      assertThat(c.call("version\r\n")).isEqualTo("VERSION " + TextCommands.VERSION);
    }
  }

  @Test
  void deleteFindsOnlyLiveItems() throws IOException {
    try (RawClient c = client()) {
      c.call("set dl:a 0 0 1\r\na\r\n");
      assertThat(c.call("touch dl:a -1\r\n")).isEqualTo("TOUCHED"); // removed on the owner: a tombstone
      assertThat(c.call("delete dl:a\r\n")).isEqualTo("NOT_FOUND");
      // an item past its expiry while its copies wait for their backstop exptime on the servers
      c.call("set dl:b 0 " + (System.currentTimeMillis() / 1000 + 3600) + " 1\r\nb\r\n");
      assertThat(c.call("touch dl:b " + (System.currentTimeMillis() / 1000 - 10) + "\r\n")).isEqualTo("TOUCHED");
      assertThat(c.call("delete dl:b\r\n")).isEqualTo("NOT_FOUND");
      c.call("set dl:c 0 0 1\r\nc\r\n");
      assertThat(c.call("delete dl:c\r\n")).isEqualTo("DELETED");
    }
  }

  @Test
  void statsGroupsAndServerOnlyCommands() throws IOException {
    try (RawClient c = client()) {
      assertThat(retrieval(c, "stats settings\r\n")).contains("STAT maxconns 1024", "STAT cas_enabled yes",
          "STAT item_size_max " + proxy.store.itemSizeLimit()).last().isEqualTo("END");
      for (String group : List.of("items", "slabs", "sizes", "conns", "detail dump")) {
        assertThat(c.call("stats " + group + "\r\n")).as(group).isEqualTo("END");
      }
      assertThat(c.call("stats nonsense\r\n")).isEqualTo("ERROR");
      c.call("get st:miss\r\n");
      assertThat(c.call("stats reset\r\n")).isEqualTo("RESET");
      assertThat(retrieval(c, "stats\r\n")).contains("STAT cmd_get 0", "STAT curr_connections 1");
      assertThat(c.call("shutdown\r\n")).isEqualTo("ERROR: shutdown not enabled");
      assertThat(c.call("cache_memlimit 100\r\n")).startsWith("SERVER_ERROR cache_memlimit is each");
    }
  }

  @Test
  void expiryAndTouch() throws IOException, InterruptedException {
    try (RawClient c = client()) {
      assertThat(c.call("set ex:short 0 1 1\r\na\r\n")).isEqualTo("STORED");
      assertThat(c.call("set ex:touched 0 1 1\r\nb\r\n")).isEqualTo("STORED");
      assertThat(c.call("set ex:gone 0 -1 1\r\nc\r\n")).isEqualTo("STORED");
      assertThat(c.call("set ex:absolute 0 " + (System.currentTimeMillis() / 1000 + 3600) + " 1\r\nd\r\n"))
          .isEqualTo("STORED");
      assertThat(c.call("touch ex:touched 100\r\n")).isEqualTo("TOUCHED");
      assertThat(c.call("touch ex:missing 100\r\n")).isEqualTo("NOT_FOUND");
      assertThat(c.call("touch ex:touched x\r\n")).isEqualTo("CLIENT_ERROR bad command line format");
      assertThat(retrieval(c, "get ex:gone\r\n")).containsExactly("END");
      Thread.sleep(1_300);
      assertThat(retrieval(c, "get ex:short ex:touched ex:absolute\r\n"))
          .containsExactly("VALUE ex:touched 0 1", "b", "VALUE ex:absolute 0 1", "d", "END");
      assertThat(c.call("add ex:short 0 0 1\r\ne\r\n")).as("an expired item is absent for add").isEqualTo("STORED");
      assertThat(c.call("touch ex:touched -1\r\n")).isEqualTo("TOUCHED");
      assertThat(retrieval(c, "get ex:touched\r\n")).containsExactly("END");
    }
  }

  @Test
  void incrAndDecr() throws IOException {
    try (RawClient c = client()) {
      c.call("set ic:n 7 0 2\r\n10\r\n");
      assertThat(c.call("incr ic:n 5\r\n")).isEqualTo("15");
      assertThat(c.call("decr ic:n 100\r\n")).isEqualTo("0");
      assertThat(c.call("incr ic:n 18446744073709551615\r\n")).isEqualTo("18446744073709551615");
      assertThat(c.call("incr ic:n 1\r\n")).as("wraps at 2^64").isEqualTo("0");
      assertThat(retrieval(c, "get ic:n\r\n")).containsExactly("VALUE ic:n 7 1", "0", "END");
      assertThat(c.call("incr ic:missing 1\r\n")).isEqualTo("NOT_FOUND");
      assertThat(c.call("incr ic:n abc\r\n")).isEqualTo("CLIENT_ERROR invalid numeric delta argument");
      assertThat(c.call("incr ic:n -1\r\n")).isEqualTo("CLIENT_ERROR invalid numeric delta argument");
      c.call("set ic:text 0 0 3\r\nabc\r\n");
      assertThat(c.call("incr ic:text 1\r\n"))
          .isEqualTo("CLIENT_ERROR cannot increment or decrement non-numeric value");
    }
  }

  @Test
  void versionVerbosityStatsQuitAndUnknownCommands() throws IOException {
    try (RawClient c = client()) {
      assertThat(c.call("version\r\n")).isEqualTo("VERSION " + TextCommands.VERSION);
      assertThat(c.call("verbosity 1\r\n")).isEqualTo("OK");
      assertThat(c.call("verbosity\r\n")).isEqualTo("ERROR");
      assertThat(c.call("verbosity x\r\n")).isEqualTo("CLIENT_ERROR bad command line format");
      assertThat(c.call("verbosity 1 2 3\r\n")).isEqualTo("ERROR");
      assertThat(c.call("verbosity noreply\r\nversion\r\n")).isEqualTo("VERSION " + TextCommands.VERSION);
      assertThat(c.call("version noreply\r\n")).isEqualTo("VERSION " + TextCommands.VERSION);
      assertThat(c.call("bogus a b\r\n")).isEqualTo("ERROR");
      assertThat(c.call("\r\n")).isEqualTo("ERROR");
      assertThat(c.call("get\r\n")).isEqualTo("ERROR");
      assertThat(c.call("set a 0 0\r\n")).isEqualTo("ERROR");
      List<String> stats = retrieval(c, "stats\r\n");
      assertThat(stats).contains("STAT version " + TextCommands.VERSION).last().isEqualTo("END");
      assertThat(stats).anyMatch(l -> l.startsWith("STAT curr_connections "));
      c.send("quit\r\n");
      assertThat(c.closedByServer()).isTrue();
    }
  }

  @Test
  void malformedLinesAndBadNumbers() throws IOException {
    try (RawClient c = client()) {
      // bad flags with a readable <bytes>: the line is refused and its data block dropped, never run as a
      // command (memcached would read "flush_all" here as the next command; docs/proxy.md, "Errors")
      c.send("set bn:a x 0 9\r\nflush_all\r\n");
      assertThat(c.line()).isEqualTo("CLIENT_ERROR bad command line format");
      assertThat(c.call("version\r\n")).startsWith("VERSION ");
      // an unreadable <bytes>: no data block can be framed, so the next line is a command
      c.send("set bn:a 0 0 x\r\nbogus\r\n");
      assertThat(c.line()).isEqualTo("CLIENT_ERROR bad command line format");
      assertThat(c.line()).isEqualTo("ERROR");
      assertThat(c.call("set bn:a -1 0 1\r\na\r\n")).isEqualTo("CLIENT_ERROR bad command line format");
      assertThat(c.call("set bn:a 4294967296 0 1\r\na\r\n")).isEqualTo("CLIENT_ERROR bad command line format");
      assertThat(c.call("set bn:a 0 zz 1\r\na\r\n")).isEqualTo("CLIENT_ERROR bad command line format");
      assertThat(c.call("cas bn:a 0 0 1 x\r\na\r\n")).isEqualTo("CLIENT_ERROR bad command line format");
      assertThat(c.call("set bn:a 0 0 -1\r\n")).isEqualTo("CLIENT_ERROR bad command line format");
      assertThat(c.call("set bn:a 0 0 one\r\n")).isEqualTo("CLIENT_ERROR bad command line format");
      assertThat(c.call("version\r\n")).startsWith("VERSION ");
    }
  }

  @Test
  void keyLengthLimitIsMemcachedsMinusThePrefix() throws IOException {
    int limit = 250 - ("p:" + ProxyKeys.PROXY_PART).length();
    String longest = "k".repeat(limit);
    String tooLong = "k".repeat(limit + 1);
    try (RawClient c = client()) {
      assertThat(c.call("set " + longest + " 0 0 1\r\na\r\n")).isEqualTo("STORED");
      assertThat(retrieval(c, "get " + longest + "\r\n")).containsExactly("VALUE " + longest + " 0 1", "a", "END");
      assertThat(c.call("set " + tooLong + " 0 0 1\r\na\r\n")).isEqualTo("CLIENT_ERROR bad command line format");
      assertThat(c.call("get ok " + tooLong + "\r\n")).isEqualTo("CLIENT_ERROR bad command line format");
      assertThat(c.call("delete " + tooLong + "\r\n")).isEqualTo("CLIENT_ERROR bad command line format");
      assertThat(c.call("touch " + tooLong + " 1\r\n")).isEqualTo("CLIENT_ERROR bad command line format");
      assertThat(c.call("incr " + tooLong + " 1\r\n")).isEqualTo("CLIENT_ERROR bad command line format");
      // a key that is not UTF-8 or holds a NUL byte
      assertThat(c.call("get k\u00ff\r\n")).isEqualTo("CLIENT_ERROR bad command line format");
      assertThat(c.call("get k\u0000\r\n")).isEqualTo("CLIENT_ERROR bad command line format");
      // other control bytes are keys to memcached, and so here (memcaslap's keys begin with eight 0x10)
      String control = "\u0010\u0010kl:\u0001\u007f";
      assertThat(c.call("set " + control + " 0 0 1\r\nx\r\n")).isEqualTo("STORED");
      assertThat(retrieval(c, "get " + control + "\r\n")).containsExactly("VALUE " + control + " 0 1", "x", "END");
      // UTF-8 keys are fine, echoed as sent
      byte[] utf8 = "set kl:\u00e9t\u00e9 0 0 1\r\nx\r\n".getBytes(StandardCharsets.UTF_8);
      assertThat(c.send(utf8).line()).isEqualTo("STORED");
      String asSent = new String("kl:\u00e9t\u00e9".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
      assertThat(retrieval(c, "get " + asSent + "\r\n")).containsExactly("VALUE " + asSent + " 0 1", "x", "END");
      assertThat(c.call("version\r\n")).startsWith("VERSION ");
    }
  }

  @Test
  void dataBlocksOfTheWrongLengthAndTooLargeValues() throws IOException {
    try (RawClient c = client()) {
      c.call("set db:a 0 0 3\r\nold\r\n");
      c.send("set db:a 0 0 3\r\nabcde\r\n");
      assertThat(c.line()).isEqualTo("CLIENT_ERROR bad data chunk");
      assertThat(c.line()).as("the rest of the bad block is read as a line").isEqualTo("ERROR");
      assertThat(retrieval(c, "get db:a\r\n")).containsExactly("VALUE db:a 0 3", "old", "END");

      byte[] huge = new byte[proxy.store.itemSizeLimit() + 10];
      Arrays.fill(huge, (byte) 'x');
      c.send("set db:a 0 0 " + huge.length + "\r\n").send(huge).send("\r\n");
      assertThat(c.line()).isEqualTo("SERVER_ERROR object too large for cache");
      assertThat(retrieval(c, "get db:a\r\n")).as("a failed set leaves no old value").containsExactly("END");
      // just over what fits once the key, the header and memcached's item overhead are counted
      byte[] over = new byte[proxy.store.itemSizeLimit() - 50];
      c.send("add db:b 0 0 " + over.length + "\r\n").send(over).send("\r\n");
      assertThat(c.line()).isEqualTo("SERVER_ERROR object too large for cache");
      byte[] fits = new byte[proxy.store.itemSizeLimit() - 250 - ProxyItem.HEADER_BYTES - 63];
      c.send("set db:c 0 0 " + fits.length + "\r\n").send(fits).send("\r\n");
      assertThat(c.line()).isEqualTo("STORED");
      assertThat(retrieval(c, "get db:c\r\n")).hasSize(3);
      assertThat(c.call("version\r\n")).startsWith("VERSION ");
    }
  }

  @Test
  void aBadClientNeverDisturbsAnother() throws IOException {
    try (RawClient good = client(); RawClient bad = client()) {
      assertThat(good.call("set bc:a 0 0 4\r\ngood\r\n")).isEqualTo("STORED");
      bad.send("set bc:a 0 0 100\r\npartial"); // mid-value, never finished
      assertThat(retrieval(good, "get bc:a\r\n")).containsExactly("VALUE bc:a 0 4", "good", "END");
      byte[] endless = new byte[TextProtocolDecoder.MAX_LINE_BYTES + 1000];
      Arrays.fill(endless, (byte) 'g');
      try (RawClient worse = client()) {
        worse.send(endless);
        assertThat(worse.line()).isEqualTo("CLIENT_ERROR line too long");
        assertThat(worse.closedByServer()).isTrue();
      }
      bad.close(); // disconnects mid-value: nothing is written
      assertThat(retrieval(good, "get bc:a\r\n")).containsExactly("VALUE bc:a 0 4", "good", "END");
    }
  }

  @Test
  void flushAllRemovesOnlyTheProxysItems() throws IOException {
    String cacheKey = "p:proxy:jcache-like"; // a JCache cache named "proxy" in the same namespace
    String otherNamespace = "q:@proxy:x";
    proxy.store.put(cacheKey, new byte[] {1, 2, 3}, 0);
    proxy.store.put(otherNamespace, new byte[] {4}, 0);
    try (RawClient c = client()) {
      for (int i = 0; i < 50; i++) {
        assertThat(c.call("set fa:" + i + " 0 0 1\r\nx\r\n")).isEqualTo("STORED");
      }
      assertThat(c.call("flush_all x\r\n")).isEqualTo("CLIENT_ERROR invalid exptime argument");
      assertThat(c.call("flush_all\r\n")).isEqualTo("OK");
      assertThat(retrieval(c, "get fa:0 fa:17 fa:49\r\n")).containsExactly("END");
      assertThat(c.call("flush_all 0\r\n")).isEqualTo("OK");
    }
    assertThat(proxy.store.get(cacheKey)).containsExactly(1, 2, 3);
    assertThat(proxy.store.get(otherNamespace)).containsExactly(4);
  }

  @Test
  void flushAllWithADelayRemovesTheItemsOnceTheTimeComes() throws Exception {
    // a proxy of its own: the delayed flush must not reach the other tests' keys
    try (ProxyFixture own = new ProxyFixture(CLUSTER.cluster(), "proxy.namespace=fd");
        RawClient c = new RawClient(own.port())) {
      assertThat(c.call("set fd:a 0 0 1\r\nx\r\n")).isEqualTo("STORED");
      long asked = System.nanoTime();
      assertThat(c.call("flush_all 2\r\n")).isEqualTo("OK");
      assertThat(retrieval(c, "get fd:a\r\n")).as("not yet flushed").hasSize(3);
      c.call("set fd:b 0 0 1\r\ny\r\n"); // stored before the flush time: goes too, as in memcached
      List<String> answer;
      do {
        Thread.sleep(50);
        answer = retrieval(c, "get fd:a fd:b\r\n");
        assertThat(System.nanoTime() - asked).as("flushed within 10 s").isLessThan(10_000_000_000L);
      } while (answer.size() > 1);
      assertThat(System.nanoTime() - asked).as("not before its time").isGreaterThanOrEqualTo(1_900_000_000L);
      assertThat(c.call("set fd:c 0 0 1\r\nz\r\n")).isEqualTo("STORED");
      assertThat(retrieval(c, "get fd:c\r\n")).as("items stored after the flush stay").hasSize(3);
    }
  }
}
