package io.mcjcache.testkit;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the memcached executable. A missing binary must be a clear instruction, not a hang or an
 * obscure {@code IOException} from {@link ProcessBuilder}.
 */
final class MemcachedBinary {
  static final String ENV = "MEMCACHED_BIN";

  private MemcachedBinary() {}

  static Path locate() {
    String override = System.getenv(ENV);
    if (override != null && !override.isBlank()) {
      Path path = Path.of(override);
      if (!Files.isExecutable(path)) {
        throw new IllegalStateException(ENV + " points to '" + override
            + "', which is not an executable file. Fix " + ENV + " or unset it to use memcached from PATH.");
      }
      return path;
    }
    return searchPath().orElseThrow(() -> new IllegalStateException(
        "memcached is not installed: no 'memcached' executable on PATH. Install it "
            + "(Debian/Ubuntu: apt-get install -y memcached; macOS: brew install memcached) "
            + "or set " + ENV + " to its path."));
  }

  private static Optional<Path> searchPath() {
    String path = System.getenv("PATH");
    if (path == null) {
      path = "/usr/local/bin:/usr/bin:/bin";
    }
    for (String dir : (path + File.pathSeparator + "/usr/sbin:/usr/local/sbin").split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, "memcached");
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
