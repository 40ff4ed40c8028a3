package io.mcjcache.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * {@code liveness.file}: where the processes of a host share their liveness view. {@code auto} (the
 * default) is a per-user file named from the cluster's servers and namespace; {@code none} keeps the
 * view inside the process (as if it were alone on its host); an absolute path names the file.
 */
public final class LivenessFile {
  private static final LivenessFile AUTO = new LivenessFile(null, "auto");
  private static final LivenessFile NONE = new LivenessFile(null, "none");

  private final Path path;
  private final String word;

  private LivenessFile(Path path, String word) {
    this.path = path;
    this.word = word;
  }

  public static LivenessFile auto() {
    return AUTO;
  }

  public static LivenessFile none() {
    return NONE;
  }

  /** An explicit file; the path must be absolute, so that every process names the same file. */
  public static LivenessFile at(Path path) {
    if (!path.isAbsolute()) {
      throw new IllegalArgumentException("mcjcache: liveness.file must be auto, none or an absolute path, was '"
          + path + "'");
    }
    return new LivenessFile(path.normalize(), null);
  }

  static LivenessFile parse(String key, String raw) {
    String text = raw.trim();
    if (text.equals("auto")) {
      return AUTO;
    }
    if (text.equals("none")) {
      return NONE;
    }
    try {
      Path path = Path.of(text);
      if (text.isEmpty() || !path.isAbsolute()) {
        throw new IllegalArgumentException("mcjcache: " + key + " must be auto, none or an absolute path, was '"
            + raw + "'");
      }
      return at(path);
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException("mcjcache: " + key + " is not a usable path: '" + raw + "' ("
          + e.getReason() + ")", e);
    }
  }

  public boolean isAuto() {
    return this == AUTO;
  }

  public boolean isNone() {
    return this == NONE;
  }

  /** The explicit file; only when neither {@code auto} nor {@code none}. */
  public Path path() {
    if (path == null) {
      throw new IllegalStateException("liveness.file=" + word + " names no file");
    }
    return path;
  }

  /** As written in a configuration. */
  public String configValue() {
    return path != null ? path.toString() : word;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof LivenessFile that && Objects.equals(path, that.path) && Objects.equals(word, that.word);
  }

  @Override
  public int hashCode() {
    return Objects.hash(path, word);
  }

  @Override
  public String toString() {
    return configValue();
  }
}
