package io.mcjcache.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import net.spy.memcached.internal.CheckedOperationTimeoutException;
import net.spy.memcached.ops.OperationErrorType;
import net.spy.memcached.ops.OperationException;
import org.junit.jupiter.api.Test;

/** The transport's pure pieces: settings validation, metadump key decoding, failure mapping, size checks. */
class TransportUnitTest {

  private static final List<InetSocketAddress> ONE_NODE = List.of(new InetSocketAddress("127.0.0.1", 11211));

  @Test
  void settingsDefaultsFavourQuickRecovery() {
    TransportSettings settings = TransportSettings.of(ONE_NODE);
    assertThat(settings.opTimeout()).isEqualTo(Duration.ofMillis(500));
    assertThat(settings.maxReconnectDelay()).isEqualTo(Duration.ofSeconds(1));
    assertThat(settings.timeoutExceptionThreshold()).isEqualTo(10);
    assertThat(settings.toBuilder().opTimeout(Duration.ofMillis(50)).build().opTimeout())
        .isEqualTo(Duration.ofMillis(50));
  }

  @Test
  void settingsRejectValuesSpymemcachedCannotTake() {
    assertThatThrownBy(() -> TransportSettings.of(List.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nodes");
    assertThatThrownBy(() -> TransportSettings.builder(ONE_NODE).opTimeout(Duration.ZERO).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("opTimeout");
    assertThatThrownBy(() -> TransportSettings.builder(ONE_NODE).maxReconnectDelay(Duration.ofMillis(1500)).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("whole seconds");
    assertThatThrownBy(() -> TransportSettings.builder(ONE_NODE).timeoutExceptionThreshold(1).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeoutExceptionThreshold");
  }

  @Test
  void metadumpKeysArePercentDecodedAsUtf8WithPlusKept() {
    assertThat(MetadumpKeys.decode("plain:key-1")).isEqualTo("plain:key-1");
    assertThat(MetadumpKeys.decode("a%2Fb%2Bc")).isEqualTo("a/b+c");
    assertThat(MetadumpKeys.decode("a+b")).isEqualTo("a+b");
    assertThat(MetadumpKeys.decode("caf%C3%A9")).isEqualTo("caf\u00e9");
    assertThatThrownBy(() -> MetadumpKeys.decode("bad%2"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bad%2");
    assertThatThrownBy(() -> MetadumpKeys.decode("bad%zz"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void spymemcachedFailuresMapToKinds() {
    assertThat(kindOf(new CheckedOperationTimeoutException("t", List.of()))).isEqualTo(FailureKind.TIMEOUT);
    assertThat(kindOf(new ExecutionException(new CheckedOperationTimeoutException("t", List.of()))))
        .isEqualTo(FailureKind.TIMEOUT);
    assertThat(kindOf(new ExecutionException(new CancellationException("Cancelled"))))
        .isEqualTo(FailureKind.UNREACHABLE);
    assertThat(kindOf(new ExecutionException(new OperationException(OperationErrorType.SERVER,
        "SERVER_ERROR out of memory storing object")))).isEqualTo(FailureKind.SERVER_ERROR);
    assertThat(kindOf(new ExecutionException(new OperationException(OperationErrorType.CLIENT,
        "CLIENT_ERROR bad data chunk")))).isEqualTo(FailureKind.PROTOCOL);
    assertThat(kindOf(new IllegalStateException("Timed out waiting to add op"))).isEqualTo(FailureKind.TIMEOUT);
    assertThat(kindOf(new IllegalStateException("Shutting down"))).isEqualTo(FailureKind.CLOSED);
  }

  @Test
  void serverRefusalOfSizeIsItemTooLargeNotANodeFailure() {
    TransportException e = FailureTranslator.translate(3, "big", new ExecutionException(
        new OperationException(OperationErrorType.SERVER, "SERVER_ERROR object too large for cache")));
    assertThat(e).isInstanceOf(ItemTooLargeException.class);
    assertThat(e.node()).isEqualTo(3);
    assertThat(e.getMessage()).contains("'big'").contains("item size limit");
  }

  @Test
  void sizeCheckCountsKeyAndHeaderOnceTheLimitIsKnown() {
    NodeItemSizeLimits limits = new NodeItemSizeLimits(2, TransportSettings.ITEM_OVERHEAD_BYTES);
    byte[] almost = new byte[1024 - 1 - TransportSettings.ITEM_OVERHEAD_BYTES]; // key "k" is 1 byte
    limits.check(0, "k", new byte[1 << 20]); // unknown limit: nothing to check against yet
    limits.learn(0, Map.of("item_size_max", "1024"));
    limits.check(0, "k", almost);
    assertThatThrownBy(() -> limits.check(0, "k", new byte[almost.length + 1]))
        .isInstanceOfSatisfying(ItemTooLargeException.class, e -> {
          assertThat(e.limitBytes()).isEqualTo(1024);
          assertThat(e.itemBytes()).isEqualTo(1025);
        });
    assertThat(limits.isKnown(1)).isFalse();
  }

  private static FailureKind kindOf(Throwable failure) {
    TransportException e = FailureTranslator.translate(1, "k", failure);
    assertThat(e).isInstanceOf(NodeFailureException.class);
    assertThat(e.node()).isEqualTo(1);
    return ((NodeFailureException) e).kind();
  }
}
