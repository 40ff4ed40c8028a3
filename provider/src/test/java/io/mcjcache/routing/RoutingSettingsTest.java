package io.mcjcache.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RoutingSettingsTest {

  @Test
  void parsesConfigValuesCaseInsensitively() {
    assertThat(MirrorMode.parse("pairs")).isEqualTo(MirrorMode.PAIRS);
    assertThat(MirrorMode.parse("NONE")).isEqualTo(MirrorMode.NONE);
    assertThat(HashAlgorithm.parse("Modulo")).isEqualTo(HashAlgorithm.MODULO);
    assertThat(HashAlgorithm.parse(" jump ")).isEqualTo(HashAlgorithm.JUMP);
    assertThat(MirrorMode.PAIRS.configValue()).isEqualTo("pairs");
    assertThat(HashAlgorithm.JUMP.configValue()).isEqualTo("jump");
  }

  @Test
  void badValuesNameTheKeyTheValueAndTheAllowedOnes() {
    assertThatThrownBy(() -> MirrorMode.parse("triples"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("mirror").hasMessageContaining("triples")
        .hasMessageContaining("pairs, none");
    assertThatThrownBy(() -> HashAlgorithm.parse("ketama"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("hash").hasMessageContaining("ketama")
        .hasMessageContaining("modulo, jump");
    assertThatThrownBy(() -> HashAlgorithm.parse(null)).hasMessageContaining("null");
  }

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
