package io.mcjcache.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/configuration.md documents every key the parser accepts, so the two cannot drift apart silently. */
class ConfigurationDocsTest {

  @Test
  void everyKeyHasARowInTheKeyTable() throws IOException {
    Path docs = Path.of(System.getProperty("basedir", "."), "..", "docs", "configuration.md");
    String text = Files.readString(docs);

    for (ConfigKey key : ConfigKey.values()) {
      assertThat(text).as("row for %s", key.key()).contains("| `" + key.key() + "` |");
      if (key.isPerCache()) {
        assertThat(text).contains("| `cache.<cacheName>." + key.key() + "` |");
      }
    }
    assertThat(text).contains("`" + ClusterSettings.DEFAULT_ALLOW_LIST + "`");
  }
}
