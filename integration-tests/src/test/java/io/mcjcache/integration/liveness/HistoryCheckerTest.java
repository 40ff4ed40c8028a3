package io.mcjcache.integration.liveness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcjcache.integration.liveness.HistoryChecker.Kind;
import io.mcjcache.integration.liveness.HistoryChecker.Operation;
import io.mcjcache.integration.liveness.HistoryChecker.Violation;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link HistoryChecker} on small hand-made histories of two clients, times in nanoseconds. */
class HistoryCheckerTest {
  private static final String K = "k1";

  @Test
  void readingTheLatestValueIsFine() {
    assertThat(HistoryChecker.check(List.of(
        Operation.put("a", K, "v1", 0, 10),
        Operation.put("b", K, "v2", 20, 30),
        Operation.get("a", K, "v2", 40, 50)))).isEmpty();
  }

  @Test
  void aStaleReadIsAViolation() {
    Operation old = Operation.put("a", K, "v1", 0, 10);
    Operation newer = Operation.put("b", K, "v2", 20, 30);
    Operation read = Operation.get("a", K, "v1", 40, 50);

    List<Violation> violations = HistoryChecker.check(List.of(old, newer, read));

    assertThat(violations).containsExactly(new Violation(read, old, newer));
    assertThat(violations.get(0).reason()).startsWith("stale read");
  }

  @Test
  void aResurrectionIsAViolation() {
    Operation written = Operation.put("a", K, "v1", 0, 10);
    Operation removed = Operation.remove("b", K, true, 20, 30);
    Operation read = Operation.get("b", K, "v1", 40, 50);

    List<Violation> violations = HistoryChecker.check(List.of(written, removed, read));

    assertThat(violations).containsExactly(new Violation(read, written, removed));
    assertThat(violations.get(0).reason()).startsWith("resurrection");
  }

  @Test
  void aRemoveThatFoundNothingStillRemoves() {
    // It returned false, so v1 was gone when it ran: reading v1 after it is reading a removed value.
    Operation written = Operation.put("a", K, "v1", 0, 10);
    Operation removed = Operation.remove("b", K, false, 20, 30);
    Operation read = Operation.get("a", K, "v1", 40, 50);

    assertThat(HistoryChecker.check(List.of(written, removed, read)))
        .containsExactly(new Violation(read, written, removed));
  }

  @Test
  void overlappingWritesMayTakeEffectInEitherOrder() {
    assertThat(HistoryChecker.check(List.of(
        Operation.put("a", K, "v1", 0, 10),
        Operation.put("b", K, "v2", 5, 30), // began before v1's write ended
        Operation.get("a", K, "v1", 40, 50),
        Operation.get("b", K, "v2", 60, 70),
        Operation.get("a", K, "v1", 80, 90)))).isEmpty();
  }

  @Test
  void aReadOverlappingTheSupersedingWriteMayStillSeeTheOldValue() {
    assertThat(HistoryChecker.check(List.of(
        Operation.put("a", K, "v1", 0, 10),
        Operation.put("b", K, "v2", 20, 30),
        Operation.get("a", K, "v1", 25, 35), // began before v2's write was acknowledged
        Operation.remove("a", K, true, 40, 50),
        Operation.get("b", K, "v2", 45, 55)))).isEmpty();
  }

  @Test
  void aReadMayReturnAValueWhoseWriteIsStillRunning() {
    assertThat(HistoryChecker.check(List.of(
        Operation.put("a", K, "v1", 0, 100),
        Operation.get("b", K, "v1", 10, 20)))).isEmpty();
  }

  @Test
  void aFailedWriteMayHaveHappenedAtAnyTimeAndSupersedesNothing() {
    assertThat(HistoryChecker.check(List.of(
        Operation.failedPut("a", K, "v1", 0, 10),
        Operation.put("b", K, "v2", 20, 30),
        Operation.get("a", K, "v1", 40, 50), // v1 may have landed after v2
        Operation.failedPut("b", K, "v3", 60, 70),
        Operation.get("a", K, "v2", 80, 90), // v3 may never have landed
        Operation.failedRemove("a", K, 100, 110),
        Operation.get("b", K, "v2", 120, 130), // neither may the remove
        Operation.get("b", K, "v3", 140, 150)))).isEmpty();
  }

  @Test
  void aValueNeverWrittenIsAViolation() {
    Operation read = Operation.get("a", K, "ghost", 40, 50);
    assertThat(HistoryChecker.check(List.of(Operation.put("a", K, "v1", 0, 10), read)))
        .containsExactly(new Violation(read, null, null));
  }

  @Test
  void aValueWrittenOnlyAfterTheReadIsAViolation() {
    Operation read = Operation.get("a", K, "v1", 0, 10);
    Operation write = Operation.put("b", K, "v1", 20, 30);
    assertThat(HistoryChecker.check(List.of(read, write))).containsExactly(new Violation(read, write, null));
  }

  @Test
  void aValueWrittenToAnotherKeyWasNeverWrittenToThisOne() {
    Operation read = Operation.get("a", K, "v1", 40, 50);
    assertThat(HistoryChecker.check(List.of(Operation.put("a", "k2", "v1", 0, 10), read)))
        .containsExactly(new Violation(read, null, null));
  }

  @Test
  void missesAndFailedReadsAreNeverViolations() {
    assertThat(HistoryChecker.check(List.of(
        Operation.put("a", K, "v1", 0, 10),
        Operation.get("b", K, null, 20, 30),
        new Operation("b", Kind.GET, K, "?", 40, 50, true, "timeout")))).isEmpty();
  }

  @Test
  void theWitnessIsFoundAmongManyEarlierOperations() {
    Operation old = Operation.put("a", K, "v1", 0, 10);
    Operation longRemove = Operation.remove("b", K, true, 5, 200); // overlaps v1's write: proves nothing
    Operation newer = Operation.put("a", K, "v2", 20, 30);
    Operation read = Operation.get("b", K, "v1", 300, 310);
    assertThat(HistoryChecker.check(List.of(longRemove, read, newer, old)))
        .containsExactly(new Violation(read, old, newer));
  }

  @Test
  void parsesTheClientsHistoryLines() {
    assertThat(Operation.parse("c0", "put k7 p0-12 100 200 t1"))
        .isEqualTo(new Operation("c0/t1", Kind.PUT, "k7", "p0-12", 100, 200, false, null));
    assertThat(Operation.parse("c1", "get k7 null 300 400 t0"))
        .isEqualTo(Operation.get("c1/t0", "k7", null, 300, 400));
    assertThat(Operation.parse("c1", "get k7 p0-12 300 400 t0"))
        .isEqualTo(Operation.get("c1/t0", "k7", "p0-12", 300, 400));
    assertThat(Operation.parse("c1", "remove k7 false 500 600 t0"))
        .isEqualTo(Operation.remove("c1/t0", "k7", false, 500, 600));
    assertThat(Operation.parse("c0", "put! k7 p0-13 700 800 t1 javax.cache.CacheException: timed out <- x"))
        .isEqualTo(new Operation("c0/t1", Kind.PUT, "k7", "p0-13", 700, 800, true,
            "javax.cache.CacheException: timed out <- x"));
    assertThatThrownBy(() -> Operation.parse("c0", "put k7")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void explainsAViolationWithTheKeysOperationsAroundIt() {
    Operation old = Operation.put("a", K, "v1", 1_000_000, 2_000_000);
    Operation newer = Operation.put("b", K, "v2", 3_000_000, 4_000_000);
    Operation read = Operation.get("a", K, "v1", 5_000_000, 6_000_000);
    Operation elsewhere = Operation.put("a", "k2", "v9", 3_000_000, 4_000_000);
    List<Operation> history = List.of(old, newer, read, elsewhere);

    String text = HistoryChecker.explain(HistoryChecker.check(history).get(0), history, 0, 500_000);

    assertThat(text).contains("stale read", "W [0.001000 .. 0.002000] a      k1 put v1",
        "X [0.003000 .. 0.004000] b      k1 put v2", "R [0.005000 .. 0.006000] a      k1 get -> v1");
    assertThat(text).doesNotContain("v9");
  }
}
