package io.mcjcache.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RoutingSettingsTest {

  @Test
  void nodeCountMustBePositive() {
    assertThatThrownBy(() -> new RoutingSettings(0, MirrorMode.NONE, HashAlgorithm.MODULO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nodeCount");
  }

  @Test
  void pairsWithOneNodeIsRejectedWithAHint() {
    assertThatThrownBy(() -> new RoutingSettings(1, MirrorMode.PAIRS, HashAlgorithm.MODULO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("mirror=pairs").hasMessageContaining("mirror=none");
  }

  @Test
  void defaultsArePairsFromTwoNodesAndModulo() {
    assertThat(RoutingSettings.defaults(1).mirror()).isEqualTo(MirrorMode.NONE);
    assertThat(RoutingSettings.defaults(2).mirror()).isEqualTo(MirrorMode.PAIRS);
    assertThat(RoutingSettings.defaults(5).hash()).isEqualTo(HashAlgorithm.MODULO);
  }
}
