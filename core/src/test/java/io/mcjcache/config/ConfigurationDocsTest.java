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
  }

  /** The allow-list's default is defined once, by the codec; this page must send readers there, not restate it. */
  @Test
  void allowListDefaultIsTheCodecsAndLivesInCodecDocs() throws IOException {
    Path docs = Path.of(System.getProperty("basedir", "."), "..", "docs");
    String configuration = Files.readString(docs.resolve("configuration.md"));
    String codec = Files.readString(docs.resolve("codec.md"));

    String row = configuration.lines()
        .filter(line -> line.startsWith("| `" + ConfigKey.SERIALIZATION_ALLOW_LIST.key() + "` |"))
        .findFirst().orElseThrow();
    assertThat(row).contains("(codec.md#deserialization-allow-list-serializationallowlist)");
    assertThat(codec).contains("## Deserialization allow-list (`" + ConfigKey.SERIALIZATION_ALLOW_LIST.key() + "`)");
    for (String pattern : DeserializationAllowList.JDK_VALUE_TYPES) {
      assertThat(codec).as("codec.md lists %s", pattern).contains("`" + pattern + "`");
    }
    for (String className : DeserializationAllowList.FRAMEWORK_CACHE_TYPES) {
      assertThat(codec).as("codec.md lists %s", className).contains("`" + className + "`");
    }
  }
}
