package io.mcjcache.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcjcache.demo.Dataset.Answer;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** How a read is judged against what was written, deleted and acknowledged. */
class DatasetTest {

  @Test
  void aReadIsJudgedByWhatTheClientWasTold() {
    Dataset data = new Dataset("x:", 4);
    data.written(data.nextVersions(0, 4).keySet());
    data.nextVersions(new int[] {1, 2}, 0, 2); // k1 and k2 at v2; only k1's write acknowledged
    data.written(Set.of("x:k1"));

    assertThat(data.judge(1, "k1=v2")).isEqualTo(Answer.HIT);
    assertThat(data.judge(1, "k1=v1")).as("older than the last acknowledged write").isEqualTo(Answer.STALE);
    assertThat(data.judge(1, "k0=v1")).as("another key's value").isEqualTo(Answer.STALE);
    assertThat(data.judge(1, null)).isEqualTo(Answer.LOST);
    assertThat(data.judge(2, null)).as("its last write failed, the client knew").isEqualTo(Answer.MISS);
    assertThat(data.judge(2, "k2=v1")).as("the value from before the failed write").isEqualTo(Answer.MISS);
    assertThat(data.judge(2, "k2=v2")).as("the failed write got through after all").isEqualTo(Answer.HIT);

    data.deleted(List.of("x:k0", "x:k3"), Set.of("x:k0"));
    assertThat(data.judge(0, null)).isEqualTo(Answer.GONE);
    assertThat(data.judge(0, "k0=v1")).isEqualTo(Answer.RESURRECTED);
    assertThat(data.judge(3, "k3=v1")).as("its delete failed").isEqualTo(Answer.UNDECIDED);
  }
}
