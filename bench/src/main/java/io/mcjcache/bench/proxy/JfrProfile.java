package io.mcjcache.bench.proxy;

import java.io.IOException;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * A JFR recording ({@code profile} settings: execution samples every 10 ms per running thread) of one row of
 * the profile round, dumped to a {@code .jfr} file for JDK Mission Control or {@code jfr print}, and
 * summarised here: CPU samples per thread group ({@link CpuAccounting#group}), which code is on the stack
 * of a group's samples (proxy, store, transport, spymemcached, Netty, NIO, java.util.concurrent), and the
 * most sampled frames, the top one and the first one outside the JDK.
 */
final class JfrProfile implements AutoCloseable {
  private static final int FRAMES_PER_GROUP = 4;

  private final Recording recording;
  private final Path file;

  private JfrProfile(Recording recording, Path file) {
    this.recording = recording;
    this.file = file;
  }

  static JfrProfile start(Path file) throws IOException {
    try {
      Recording recording = new Recording(Configuration.getConfiguration("profile"));
      recording.setToDisk(true);
      recording.start();
      return new JfrProfile(recording, file);
    } catch (ParseException e) {
      throw new IOException("JFR's profile settings could not be read", e);
    }
  }

  Path file() {
    return file;
  }

  /** Stops, dumps to the file and returns the summary in Markdown. */
  String stopAndSummarise(String title) throws IOException {
    recording.stop();
    recording.dump(file);
    Map<String, Integer> perGroup = new TreeMap<>();
    Map<String, Map<String, Integer>> topFrames = new HashMap<>();
    Map<String, Map<String, Integer>> ownFrames = new HashMap<>();
    Map<String, Map<String, Integer>> components = new HashMap<>();
    int total = 0;
    for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
      if (!event.getEventType().getName().equals("jdk.ExecutionSample")) {
        continue;
      }
      RecordedThread thread = event.getThread("sampledThread");
      String group = CpuAccounting.group(thread == null || thread.getJavaName() == null ? "?" : thread.getJavaName());
      total++;
      perGroup.merge(group, 1, Integer::sum);
      RecordedStackTrace stack = event.getStackTrace();
      if (stack == null || stack.getFrames().isEmpty()) {
        continue;
      }
      List<RecordedFrame> frames = stack.getFrames();
      topFrames.computeIfAbsent(group, g -> new HashMap<>()).merge(name(frames.get(0)), 1, Integer::sum);
      frames.stream().map(JfrProfile::component).filter(c -> c != null).distinct()
          .forEach(c -> components.computeIfAbsent(group, g -> new HashMap<>()).merge(c, 1, Integer::sum));
      frames.stream().filter(f -> !isJdk(f)).findFirst()
          .ifPresent(f -> ownFrames.computeIfAbsent(group, g -> new HashMap<>()).merge(name(f), 1, Integer::sum));
    }
    StringBuilder out = new StringBuilder("##### ").append(title).append("\n\n")
        .append("JFR file: `").append(file).append("`; ").append(total).append(" execution samples.\n\n")
        .append("| thread group | samples | share | code on the stack (share of the group's samples) | top frames |"
            + " first frame outside the JDK |\n")
        .append("|---|---:|---:|---|---|---|\n");
    int all = Math.max(1, total);
    perGroup.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
        .forEach(e -> out.append("| ").append(e.getKey()).append(" | ").append(e.getValue()).append(" | ")
            .append(String.format(Locale.ROOT, "%.0f%%", 100.0 * e.getValue() / all)).append(" | ")
            .append(top(components.get(e.getKey()), e.getValue(), 8).replace("`", "")).append(" | ")
            .append(top(topFrames.get(e.getKey()), e.getValue(), FRAMES_PER_GROUP)).append(" | ")
            .append(top(ownFrames.get(e.getKey()), e.getValue(), FRAMES_PER_GROUP)).append(" |\n"));
    return out.append('\n').toString();
  }

  @Override
  public void close() {
    recording.close();
  }

  private static String top(Map<String, Integer> frames, int samples, int limit) {
    if (frames == null) {
      return "";
    }
    StringBuilder out = new StringBuilder();
    frames.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
        .limit(limit)
        .forEach(e -> out.append(out.length() == 0 ? "" : "; ").append('`').append(e.getKey()).append("` ")
            .append(String.format(Locale.ROOT, "%.0f%%", 100.0 * e.getValue() / Math.max(1, samples))));
    return out.toString();
  }

  /** What part of the path a frame belongs to, or null for the JDK and anything else. */
  private static String component(RecordedFrame frame) {
    String type = frame.getMethod().getType().getName();
    if (type.startsWith("io.mcjcache.proxy.")) {
      return "proxy (decoder, commands)";
    }
    if (type.startsWith("io.mcjcache.transport.")) {
      return "mcjcache transport";
    }
    if (type.startsWith("io.mcjcache.bench.")) {
      return "bench";
    }
    if (type.startsWith("io.mcjcache.")) {
      return "mcjcache store (routing, health)";
    }
    if (type.startsWith("net.spy.memcached.")) {
      return "spymemcached";
    }
    if (type.startsWith("io.netty.")) {
      return "netty";
    }
    if (type.startsWith("sun.nio.") || type.startsWith("java.nio.")) {
      return "JDK NIO";
    }
    if (type.startsWith("java.util.concurrent.")) {
      return "java.util.concurrent";
    }
    return null;
  }

  private static boolean isJdk(RecordedFrame frame) {
    String type = frame.getMethod().getType().getName();
    return type.startsWith("java.") || type.startsWith("jdk.") || type.startsWith("sun.")
        || type.startsWith("javax.");
  }

  private static String name(RecordedFrame frame) {
    String type = frame.getMethod().getType().getName();
    return type.substring(type.lastIndexOf('.') + 1) + "." + frame.getMethod().getName();
  }
}
