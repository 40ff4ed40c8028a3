package io.mcjcache.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcjcache.testkit.MemcachedClusterExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The same meta command sequences sent to a plain memcached 1.6.18 (one testkit node) and to the proxy (a
 * 2-node {@code mirror=pairs} cluster), answer by answer. The answers must be identical except for CAS
 * values (each side has its own; {@code {cas}} in a request stands for the last CAS that side handed out)
 * and TTLs, which may differ by one second (memcached's clock moves in whole seconds). The few deliberate
 * differences docs/proxy.md ("Meta commands") lists are in {@link #DIFFERENCES}, each with both answers.
 */
class MetaDifferentialTest {
  @RegisterExtension
  static final MemcachedClusterExtension MEMCACHED = MemcachedClusterExtension.withNodes(1);

  @RegisterExtension
  static final MemcachedClusterExtension CLUSTER = MemcachedClusterExtension.withNodes(2);

  private static final Pattern CAS = Pattern.compile("c([1-9][0-9]*)");
  private static final Pattern TTL = Pattern.compile("t([0-9]+)");

  /**
   * Sequences of requests; {@code {k}} is a key prefix of the sequence's own, {@code {b64:x}} the base64 of
   * {@code {k}x}, {@code {cas}} the last CAS the side answered with.
   */
  private static final List<List<String>> SEQUENCES = List.of(
      List.of("mg\r\n", "ms\r\n", "md\r\n", "ma\r\n", "mx {k}a\r\n"),
      // mg on hits and misses, flags echoed in request order
      List.of("mg {k}a\r\n", "mg {k}a v s f t c k O1\r\n", "ms {k}a 5 F7\r\nhello\r\n",
          "mg {k}a v s f t c k O1\r\n", "mg {k}a O1 k c t f s v\r\n", "mg {k}a\r\n", "mg {k}a u P/x Lx\r\n",
          "mg {k}a I C1 D2 J3 MI F9 f\r\n", "mg {k}a q\r\n", "mg {k}a k O\r\n", "ms {k}e 0\r\n\r\n",
          "mg {k}e v s\r\n", "ms {k}crlf 4\r\na\r\nb\r\n", "mg {k}crlf v\r\n"),
      // quiet pipelines
      List.of("ms {k}a 1 q\r\na\r\nms {k}b 1 q\r\nb\r\n",
          "mg {k}a q v k\r\nmg {k}missing q v k\r\nmg {k}b q v k\r\n", "mg {k}missing q k O5\r\n",
          "ms {k}a 1 ME q\r\nz\r\n", "ms {k}a 1 C99999999 q\r\nz\r\n", "md {k}a q\r\n", "md {k}a q\r\n",
          "ma {k}n N0 J5 q\r\nma {k}n q v\r\n", "mg {k}n v\r\n", "ma {k}missing q\r\n", "mg {k}b q Tx\r\n"),
      // ms modes, CAS, flags, TTL
      List.of("ms {k}a 3 ME F1\r\none\r\n", "ms {k}a 3 ME c k\r\ntwo\r\n", "ms {k}x 1 MR\r\nx\r\n",
          "ms {k}a 5 MR F2 T1000\r\nthree\r\n", "ms {k}a 1 MA F9 T5\r\n>\r\n", "ms {k}a 1 MP\r\n<\r\n",
          "mg {k}a v f t\r\n", "ms {k}x 1 MA\r\nx\r\n", "ms {k}x 1 MP\r\nx\r\n", "mg {k}a c\r\n",
          "ms {k}a 1 MA C0\r\n!\r\n", "ms {k}a 1 MA C{cas}\r\n!\r\n", "mg {k}a c\r\n",
          "ms {k}a 1 MP C{cas} c\r\n#\r\n", "mg {k}a v\r\n", "ms {k}a 1 ME C{cas}\r\nx\r\n",
          "ms {k}a 1 C0 c\r\nx\r\n", "ms {k}x 1 C5 c\r\nx\r\n", "ms {k}x 1 MR C5\r\nx\r\n",
          "ms {k}a 1 MR C{cas} c\r\nR\r\n", "ms {k}a 1 MS C{cas} c k O9\r\nS\r\n", "mg {k}a v f t\r\n",
          "ms {k}f 1 F4294967296\r\nx\r\n", "mg {k}f f\r\n", "ms {k}f 1 F+7 T4294967396\r\nx\r\n",
          "mg {k}f f t\r\n", "ms {k}f 1 T-1\r\nx\r\n", "mg {k}f v\r\n", "ms {k}f 1 T9999999999\r\nx\r\n",
          "mg {k}f v\r\n", "ms {k}g +2\r\nxy\r\n", "ms {k}g -0 c\r\n\r\n", "mg {k}g v c\r\n"),
      // gets/cas and meta CAS are one
      List.of("set {k}a 3 0 2\r\nv1\r\n", "gets {k}a\r\n", "mg {k}a c f\r\n", "ms {k}a 2 C{cas} c\r\nv2\r\n",
          "gets {k}a\r\n", "cas {k}a 1 0 2 {cas}\r\nv3\r\n", "ms {k}a 2 C{cas}\r\nv4\r\n", "mg {k}a v f\r\n"),
      // mg T
      List.of("ms {k}a 1 T100\r\nx\r\n", "mg {k}a t T1000 c\r\n", "mg {k}a T2000 t\r\n", "mg {k}a t c\r\n",
          "mg {k}a T0 t\r\n", "mg {k}missing T10 v k\r\n", "mg {k}a t T30 t\r\n"),
      // md
      List.of("ms {k}a 1\r\nx\r\n", "md {k}a\r\n", "md {k}a\r\n", "md {k}a k O1\r\n", "ms {k}a 1 c\r\nx\r\n",
          "md {k}a C99999999 k\r\n", "md {k}a C0\r\n", "mg {k}a c\r\n", "md {k}a C{cas} O7\r\n", "md {k}a C5\r\n",
          "ms {k}b 1\r\nx\r\n", "md {k}b T30\r\n", "mg {k}b\r\n", "md {k}a v s f t c u P L N5 R5 h l\r\n"),
      // ma
      List.of("ma {k}n\r\n", "ma {k}n k O1\r\n", "ma {k}n N0 J10 D5 v\r\n", "ma {k}n v\r\n", "ma {k}n\r\n",
          "ma {k}n D5 MD v\r\n", "ma {k}n D100 M- v\r\n", "ma {k}n D18446744073709551615 M+ v\r\n",
          "ma {k}n MI v\r\n", "ma {k}n v c t k\r\n", "ma {k}n C99999999 v\r\n", "ma {k}n C{cas} v\r\n",
          "ma {k}n C0 v\r\n", "ma {k}v N100 t v\r\n", "ma {k}w t N100 v\r\n", "mg {k}w t\r\n",
          "ma {k}w T50 t\r\n", "ma {k}w t T50 t\r\n", "ma {k}w T-1 v\r\n", "mg {k}w v\r\n",
          "ma {k}z N0 I R5 h l u s f v\r\n", "ms {k}f 2 F7\r\n 9\r\n", "ma {k}f v\r\n", "mg {k}f f v\r\n",
          "ms {k}s 4\r\n12  \r\n", "ma {k}s v\r\n", "ms {k}bad 3\r\nabc\r\n", "ma {k}bad\r\n",
          "ms {k}bad 3\r\n12a\r\n", "ma {k}bad q\r\n", "ms {k}bad 2\r\n-1\r\n", "ma {k}bad\r\n",
          "ms {k}bad 0\r\n\r\n", "ma {k}bad\r\n", "ms {k}bad 1\r\n \r\n", "ma {k}bad\r\n"),
      // base64 keys
      List.of("ms {b64:foo} 2 b k\r\nhi\r\n", "mg {k}foo v\r\n", "mg {b64:foo} b k v\r\n",
          "ma {b64:n} b N0 J1 v k\r\n", "md {b64:foo} b k\r\n", "mg {k}foo\r\n", "mg Zm9v= b\r\n",
          "mg Zm9vYg=== b\r\n", "ms Zm9v= 1 b\r\nx\r\n", "md Zm9v= b\r\n", "ma Zm9v= b\r\n"),
      // bad flags and tokens
      List.of("ms {k}a 1\r\nx\r\n", "ms {k}a\r\n", "mg {k}a v v\r\n", "mg {k}a Z\r\n", "mg {k}a E\r\n",
          "mg {k}a S\r\n", "mg {k}a \u00e9\r\n", "mg {k}a Tx\r\n", "mg {k}a T\r\n", "mg {k}a Cx\r\n",
          "mg {k}a Fx\r\n", "mg {k}a Tx Fx\r\n", "mg {k}a Fx Tx\r\n", "mg {k}a Jx\r\n", "mg {k}a D-1\r\n",
          "mg {k}a MEE\r\n", "ms {k}a 1 MX\r\ny\r\n", "ms {k}a 1 MEE Tx\r\ny\r\n", "ma {k}a MX\r\n",
          "ma {k}a Dx\r\n", "ma {k}a MII\r\n", "md {k}a k k\r\n", "md {k}a Tx\r\n", "ms {k}a 1 Z\r\ny\r\n",
          "ms {k}a 1 S1\r\ny\r\n", "mg {k}a O" + "x".repeat(31) + "\r\n", "mg {k}a O" + "x".repeat(32) + "\r\n",
          "ms {k}a 1 O" + "x".repeat(32) + "\r\ny\r\n", "ms {k}a 1 O" + "x".repeat(32) + " MX\r\ny\r\n",
          "md {k}a O" + "x".repeat(32) + "\r\n", "mg {k}a v\r\n",
          "mg {k}a O k c f s t v u P L I F1 C1 D1 J1 MI\r\n", "mg {k}a O k c f s t v u P L I F1 C1 D1 J1 MI q\r\n",
          "md {k}a O k c f s t v u P L F1 C99999999 D1 J1 MI q\r\n",
          "ma {k}a O k c f s t v u P L I F1 C1 D1 J1 MI q\r\n",
          "mg {k}a O k c f s t v u P L I F1 C1 D1 J1 MI S q\r\n",
          "md {k}a O k c f s t v u P L I F1 C1 D1 J1 MI S q\r\n",
          "ma {k}a O k c f s t v u P L I F1 C1 D1 J1 MI S q\r\n"),
      // framing of ms
      List.of("ms {k}a 3\r\nold\r\n", "ms {k}a x\r\nbogus\r\n", "ms {k}a -1\r\n", "ms {k}a 2147483646\r\n",
          "ms {k}a 2\r\nabcd\r\n", "ms {k}a 1 q\r\nxyz\r\n", "mg {k}a v\r\n", "ms {k}a 4294967298\r\nhi\r\n",
          "mg {k}a v\r\n", "ms {k}a 2097152 ME q\r\n" + "x".repeat(2097152) + "\r\n", "mg {k}a v\r\n",
          "ms {k}a 1\r\nx\r\n", "ms {k}a 2097152 MZ\r\n" + "x".repeat(2097152) + "\r\n", "mg {k}a v\r\n"));

  /** One documented difference: after {@code setup}, {@code request} answers as the two patterns say. */
  private record Difference(String name, List<String> setup, String request, String memcached, String proxy) {}

  /** docs/proxy.md, "Meta commands": the deliberate differences, each pinned down on both sides. */
  private static final List<Difference> DIFFERENCES = List.of(
      new Difference("a key within memcached's 250 bytes but over the proxy's limit (the prefix counts)",
          List.of(), "mg " + "k".repeat(245) + " v\r\n", "EN", "CLIENT_ERROR bad command line format"),
      new Difference("ms refused before its length is read (key over 250 bytes): memcached runs the data block "
          + "as a command, the proxy drops it", List.of(), "ms " + "k".repeat(251) + " 2\r\nhi\r\n",
          "CLIENT_ERROR bad command line format\\|ERROR", "CLIENT_ERROR bad command line format"),
      new Difference("ms with 20 tokens or more: the same", List.of(),
          "ms {k}a 2 a b c d e f g h i j k l m n o p q\r\nhi\r\n",
          "CLIENT_ERROR options flags too long\\|ERROR", "CLIENT_ERROR options flags too long"),
      new Difference("a base64 key whose bytes the proxy cannot keep (a control byte)", List.of(),
          "ms " + Base64.getEncoder().encodeToString(new byte[] {0, 'd', 'f'}) + " 1 b\r\nx\r\n", "HD",
          "CLIENT_ERROR bad command line format"),
      new Difference("mg h and l are refused", List.of("ms {k}h 1\r\nx\r\n"), "mg {k}h h l\r\n",
          "HD h[01] l[0-9]+", "CLIENT_ERROR invalid flag"),
      new Difference("mg N (vivify) is refused", List.of(), "mg {k}n N30 v\r\n", "VA 0 W\\|",
          "CLIENT_ERROR invalid flag"),
      new Difference("mg R (recache) is refused", List.of("ms {k}r 1 T10\r\nx\r\n"), "mg {k}r R30\r\n", "HD W",
          "CLIENT_ERROR invalid flag"),
      new Difference("ms I (invalidate) is refused", List.of("ms {k}i 1\r\nx\r\n"), "ms {k}i 1 I\r\ny\r\n", "HD",
          "CLIENT_ERROR invalid flag"),
      new Difference("md I (mark stale) is refused", List.of("ms {k}s 1\r\nx\r\n"), "md {k}s I\r\n", "HD",
          "CLIENT_ERROR invalid or duplicate flag"),
      new Difference("mg k on a hit echoes the key as requested, not as it was stored",
          List.of("ms {b64:bin} 1 b\r\nx\r\n"), "mg {k}bin k v\r\n", "VA 1 k{b64:bin} b\\|x", "VA 1 k{k}bin\\|x"),
      new Difference("a number that shrinks is stored without memcached's space padding",
          List.of("ms {k}p 3\r\n100\r\n", "ma {k}p MD D91\r\n"), "mg {k}p v\r\n", "VA 3\\|9  ", "VA 1\\|9"),
      new Difference("t after a T in the past: memcached prints an unsigned wrap, the proxy 0",
          List.of("ms {k}e 1\r\nx\r\n"), "mg {k}e T-1 t\r\n", "HD t[0-9]{9,10}", "HD t0"),
      new Difference("me (meta debug) is not served", List.of("ms {k}m 1\r\nx\r\n"), "me {k}m\r\n",
          "ME {k}m exp=-1 la=[0-9]+ cas=[0-9]+ fetch=no cls=[0-9]+ size=[0-9]+", "ERROR"));

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

  /** One side of the comparison: a connection and the last CAS it answered with. */
  private static final class Side implements AutoCloseable {
    final MetaWire wire;
    String lastCas = "0";

    Side(int port) throws IOException {
      wire = new MetaWire(port);
    }

    List<String> exchange(String request) throws IOException {
      List<String> answer = wire.exchange(request.replace("{cas}", lastCas));
      for (String line : answer) {
        String[] tokens = line.split(" ");
        if (tokens[0].equals("VALUE") && tokens.length == 5) {
          lastCas = tokens[4];
        } else if (tokens[0].equals("HD") || tokens[0].equals("VA")) {
          for (String token : tokens) {
            Matcher cas = CAS.matcher(token);
            if (cas.matches()) {
              lastCas = cas.group(1);
            }
          }
        }
      }
      return answer;
    }

    @Override
    public void close() throws IOException {
      wire.close();
    }
  }

  @Test
  void everySequenceAnswersAsMemcachedDoes() throws IOException {
    int compared = 0;
    try (Side memcached = new Side(MEMCACHED.cluster().node(0).port()); Side mcjcache = new Side(proxy.port())) {
      for (Side side : List.of(memcached, mcjcache)) {
        side.wire.send("mn\r\nmn extra tokens\r\n"); // mn ignores what follows it
        assertThat(side.wire.line()).isEqualTo("MN");
        assertThat(side.wire.line()).isEqualTo("MN");
      }
      for (int s = 0; s < SEQUENCES.size(); s++) {
        String prefix = "d" + s + ":";
        for (String template : SEQUENCES.get(s)) {
          String request = expand(template, prefix);
          List<String> expected = memcached.exchange(request);
          List<String> actual = mcjcache.exchange(request);
          assertSame(request, expected, actual);
          compared++;
        }
      }
    }
    assertThat(compared).isEqualTo(SEQUENCES.stream().mapToInt(List::size).sum());
  }

  @Test
  void theDocumentedDifferencesAreExactlyThese() throws IOException {
    try (MetaWire memcached = new MetaWire(MEMCACHED.cluster().node(0).port());
        MetaWire mcjcache = new MetaWire(proxy.port())) {
      for (int i = 0; i < DIFFERENCES.size(); i++) {
        Difference difference = DIFFERENCES.get(i);
        String prefix = "x" + i + ":";
        for (String setup : difference.setup()) {
          String request = expand(setup, prefix);
          assertThat(mcjcache.call(request)).as(difference.name()).isEqualTo(memcached.call(request));
        }
        String request = expand(difference.request(), prefix);
        assertThat(memcached.call(request)).as("memcached: " + difference.name())
            .matches(pattern(difference.memcached(), prefix));
        assertThat(mcjcache.call(request)).as("proxy: " + difference.name())
            .matches(pattern(difference.proxy(), prefix));
      }
    }
  }

  /** Answers match line by line; tokens may differ only as CAS values or as TTLs one second apart. */
  private static void assertSame(String request, List<String> expected, List<String> actual) {
    String context = "answer to " + request.replace("\r\n", "\\r\\n") + "\n memcached: " + expected
        + "\n proxy:     " + actual;
    assertThat(actual).as(context).hasSameSizeAs(expected);
    for (int i = 0; i < expected.size(); i++) {
      String[] want = expected.get(i).split(" ", -1);
      String[] got = actual.get(i).split(" ", -1);
      assertThat(got.length).as(context).isEqualTo(want.length);
      for (int j = 0; j < want.length; j++) {
        if (!want[j].equals(got[j]) && !sameCas(want, got, j) && !closeTtl(want[j], got[j])) {
          throw new AssertionError(context);
        }
      }
    }
  }

  private static boolean sameCas(String[] want, String[] got, int j) {
    if (want[0].equals("VALUE") && want.length == 5 && j == 4) {
      return got[j].matches("[1-9][0-9]*");
    }
    return (want[0].equals("HD") || want[0].equals("VA")) && CAS.matcher(want[j]).matches()
        && CAS.matcher(got[j]).matches();
  }

  private static boolean closeTtl(String want, String got) {
    Matcher a = TTL.matcher(want);
    Matcher b = TTL.matcher(got);
    return a.matches() && b.matches() && Math.abs(Long.parseLong(a.group(1)) - Long.parseLong(b.group(1))) <= 1;
  }

  /** {@code {k}} to {@code prefix}, {@code {b64:x}} to the base64 of {@code prefix + x}. */
  private static String expand(String template, String prefix) {
    return expand(template, prefix, false);
  }

  /** {@link #expand} for a regular expression: what is put in stands for itself. */
  private static String pattern(String template, String prefix) {
    return expand(template, prefix, true);
  }

  private static String expand(String template, String prefix, boolean quote) {
    Matcher found = Pattern.compile("\\{k}|\\{b64:([^}]*)}").matcher(template);
    StringBuilder out = new StringBuilder();
    while (found.find()) {
      String text = found.group(1) == null ? prefix
          : Base64.getEncoder().encodeToString((prefix + found.group(1)).getBytes(StandardCharsets.UTF_8));
      found.appendReplacement(out, Matcher.quoteReplacement(quote ? Pattern.quote(text) : text));
    }
    found.appendTail(out);
    return out.toString();
  }
}
