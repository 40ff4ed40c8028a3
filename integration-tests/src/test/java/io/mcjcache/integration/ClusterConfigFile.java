package io.mcjcache.integration;

import io.mcjcache.testkit.MemcachedCluster;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

/**
 * An mcjcache properties file for a running test cluster, placed where a class loader finds it as a
 * resource: in a directory (the loader resolves it to a {@code file:} URL) or inside a jar (a
 * {@code jar:file:...!/} URL). Frameworks resolve resource names themselves and hand the provider the
 * resolved URL, so tests must go through a real resource, and the cluster's ports are only known at run
 * time: hence written here rather than kept in {@code src/test/resources}.
 */
public final class ClusterConfigFile {
  private final String resourceName;
  private final Map<String, String> settings;

  private ClusterConfigFile(String resourceName, Map<String, String> settings) {
    this.resourceName = resourceName;
    this.settings = Map.copyOf(settings);
  }

  /** A file named {@code resourceName} for {@code cluster} with these extra settings (namespace, ...). */
  public static ClusterConfigFile of(String resourceName, MemcachedCluster cluster, Map<String, String> extra) {
    Map<String, String> settings = new TreeMap<>(extra);
    settings.put("servers", cluster.serverList());
    return new ClusterConfigFile(resourceName, settings);
  }

  public String resourceName() {
    return resourceName;
  }

  /** A class loader (child of the test's) that sees the file in the plain directory {@code dir}. */
  public ClassLoader inDirectory(Path dir) {
    try {
      Path file = dir.resolve(resourceName);
      Files.createDirectories(file.getParent());
      Files.writeString(file, text(), StandardCharsets.UTF_8);
      return loaderOver(dir.toUri().toURL());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A class loader (child of the test's) that sees the file inside the jar {@code jar}. */
  public ClassLoader inJar(Path jar) {
    try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jarOut = new JarOutputStream(out)) {
      jarOut.putNextEntry(new JarEntry(resourceName));
      jarOut.write(text().getBytes(StandardCharsets.UTF_8));
      jarOut.closeEntry();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      return loaderOver(jar.toUri().toURL());
    } catch (MalformedURLException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ClassLoader loaderOver(URL root) {
    return new URLClassLoader(new URL[] {root}, ClusterConfigFile.class.getClassLoader());
  }

  private String text() {
    Properties properties = new Properties();
    properties.putAll(settings);
    StringWriter out = new StringWriter();
    try {
      properties.store(out, "mcjcache test cluster");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }
}
