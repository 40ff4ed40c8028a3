package io.mcjcache.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class RatioReportTest {
  @Test
  void goalsOnTheRatioToRawSpymemcachedDependOnTheOperationAndTheMirroring() {
    assertEquals(0.95, RatioReport.rawGoal(Operation.GET, "pairs").getAsDouble());
    assertEquals(0.95, RatioReport.rawGoal(Operation.GET_ALL, "none").getAsDouble());
    assertEquals(0.95, RatioReport.rawGoal(Operation.PUT, "none").getAsDouble());
    assertEquals(0.85, RatioReport.rawGoal(Operation.PUT, "pairs").getAsDouble());
    assertEquals(0.95, RatioReport.rawGoal(Operation.PUT_ALL, "none").getAsDouble());
    assertEquals(0.75, RatioReport.rawGoal(Operation.PUT_ALL, "pairs").getAsDouble());
  }

  @Test
  void eachRowIsJudgedOnItsRounds() {
    List<ResultRow> rows = new ArrayList<>();
    // put, mirror=pairs: 0.86x, 0.90x, 0.88x raw set in the three rounds: every round reaches 0.85.
    add(rows, "mcjcache", "put", "pairs", 860, 900, 880);
    // put, mirror=none: 0.90x-0.97x: the 0.95 goal is undecided.
    add(rows, "mcjcache", "put", "none", 900, 970, 930);
    add(rows, "raw spymemcached", "set", null, 1000, 1000, 1000);
    // get, mirror=none: 0.80x-0.85x, all below 0.95, and the ranges 800..850 and 990..1010 are apart.
    add(rows, "mcjcache", "get", "none", 800, 850, 820);
    add(rows, "raw spymemcached", "get", null, 1000, 990, 1010);

    String markdown = new RatioReport(rows).toMarkdown();

    assertTrue(markdown.contains("| put / set | mirror=pairs | 2 | 880 (5%) | 1,000 (0%) | 0.88x [0.86-0.90] | slower "
        + "| >= 0.85x | met |"), markdown);
    assertTrue(markdown.contains("| put / set | mirror=none | 2 | 930 (8%) | 1,000 (0%) | 0.93x [0.90-0.97] | slower "
        + "| >= 0.95x | undecided (within noise) |"), markdown);
    assertTrue(markdown.contains("| get / get | mirror=none | 2 | 820 (6%) | 1,000 (2%) | 0.82x [0.80-0.86] | slower "
        + "| >= 0.95x | **missed** |"), markdown);
    assertTrue(markdown.contains("mcjcache settings in every row below: `nearCacheMaxEntries=0`"), markdown);
    assertTrue(markdown.contains("Goals: 1 met, 1 missed, 1 undecided (within noise)."), markdown);
    assertFalse(markdown.contains("bytes allocated"), "no allocation table without -prof gc");
  }

  @Test
  void mirroredWritesAreAlsoSetAgainstRawWritingBothCopies() {
    List<ResultRow> rows = new ArrayList<>();
    add(rows, "mcjcache", "put", "pairs", 600, 640, 620);
    add(rows, "mcjcache", "put", "none", 900, 970, 930);
    add(rows, "raw spymemcached", "set", null, 1000, 1000, 1000);
    add(rows, "raw spymemcached", "setTwice", null, 650, 600, 640);

    String markdown = new RatioReport(rows).toMarkdown();

    assertTrue(markdown.contains("mirrored writes against raw spymemcached writing both copies"), markdown);
    assertTrue(markdown.contains("| put / set on two nodes | mirror=pairs | 2 | 620 (6%) | 640 (8%) "
        + "| 0.97x [0.92-1.07] | within noise | - |"), markdown);
    assertFalse(markdown.contains("| put / set on two nodes | mirror=none"), "only mirrored writes: " + markdown);
    assertTrue(markdown.contains("| UNIFORM | 2 | raw spymemcached |  | set on two nodes | 3 | 640 |"), markdown);
    assertTrue(markdown.contains("| put / set | mirror=pairs | 2 | 620 (6%) | 1,000 (0%) |"),
        "the goal row still compares with one set: " + markdown);
  }

  @Test
  void withoutTheRawTwoCopyRowsThereIsNoSuchTable() {
    List<ResultRow> rows = new ArrayList<>();
    add(rows, "mcjcache", "put", "pairs", 600, 640, 620);
    add(rows, "raw spymemcached", "set", null, 1000, 1000, 1000);

    assertFalse(new RatioReport(rows).toMarkdown().contains("both copies"));
  }

  @Test
  void withRawSendingMcjcachesBytesTheFormatsShareIsShownApart() {
    List<ResultRow> rows = new ArrayList<>();
    add(rows, "mcjcache", "getAll", "none", 700, 720, 710);
    add(rows, "mcjcache", "put", "pairs", 600, 640, 620);
    addRaw(rows, "getBulk", "raw", 1000, 1000, 1000);
    addRaw(rows, "getBulk", "mcjcache", 740, 700, 720);
    addRaw(rows, "set", "raw", 1000, 1000, 1000);
    addRaw(rows, "setTwice", "mcjcache", 600, 600, 600);

    String markdown = new RatioReport(rows).toMarkdown();

    assertTrue(markdown.contains("| getAll(100) / getBulk(100) | mirror=none | 2 | 710 (3%) | 1,000 (0%) | 0.71x"),
        "the goal row compares with raw's own format: " + markdown);
    assertTrue(markdown.contains("sending mcjcache's keys and items"), markdown);
    assertTrue(markdown.contains("| getAll(100) / getBulk(100) | mirror=none | 2 | 710 (3%) | 720 (6%) "
        + "| 0.99x [0.95-1.03] | within noise | - |"), markdown);
    assertTrue(markdown.contains("| put / set on two nodes | mirror=pairs | 2 | 620 (6%) | 600 (0%) "
        + "| 1.03x [1.00-1.07] | within noise | - |"), markdown);
  }

  private static void addRaw(List<ResultRow> rows, String operation, String format, double... rounds) {
    TreeMap<String, String> variant = new TreeMap<>();
    variant.put("format", format);
    for (int round = 1; round <= rounds.length; round++) {
      rows.add(new ResultRow("raw spymemcached", operation, variant, KeyPattern.UNIFORM, 2, round,
          rounds[round - 1], Double.NaN));
    }
  }

  private static void add(List<ResultRow> rows, String peer, String operation, String mirror, double... rounds) {
    TreeMap<String, String> variant = new TreeMap<>();
    if (mirror != null) {
      variant.put("mirror", mirror);
      variant.put("nearCacheMaxEntries", "0");
    }
    for (int round = 1; round <= rounds.length; round++) {
      rows.add(new ResultRow(peer, operation, variant, KeyPattern.UNIFORM, 2, round, rounds[round - 1], Double.NaN));
    }
  }
}
