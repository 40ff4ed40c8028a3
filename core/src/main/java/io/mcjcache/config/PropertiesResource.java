package io.mcjcache.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;

/**
 * A properties file named by a {@code classpath:}, {@code file:} or {@code jar:} URI. Frameworks often
 * resolve a resource name to a {@code file:} or {@code jar:} URL before calling the provider, so all
 * three are read the same way: through {@link URL#openConnection()}.
 */
final class PropertiesResource {

  private PropertiesResource() {}

  /**
   * The key/value pairs of the file at {@code scheme:location} (location without any query).
   *
   * @throws IllegalArgumentException naming the URI when it cannot be found or read
   */
  static Map<String, String> read(String scheme, String location, ClassLoader classLoader, String uriText) {
    URL url =
        scheme.equals("classpath") ? classpathUrl(location, classLoader, uriText) : url(scheme, location, uriText);
    Properties properties = new Properties();
    try {
      URLConnection connection = url.openConnection();
      // A cached JarURLConnection keeps the jar open (locked on Windows) and may serve stale contents.
      connection.setUseCaches(false);
      try (InputStream in = connection.getInputStream();
          Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
        properties.load(reader);
      }
    } catch (IOException | IllegalArgumentException e) {
      // Properties.load throws IllegalArgumentException for a malformed \\uXXXX escape.
      throw new IllegalArgumentException("mcjcache: cannot read configuration from '" + uriText + "': " + e, e);
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (String key : new TreeSet<>(properties.stringPropertyNames())) {
      values.put(key, properties.getProperty(key));
    }
    return values;
  }

  private static URL classpathUrl(String location, ClassLoader classLoader, String uriText) {
    String name = UriQuery.decode(location, uriText);
    while (name.startsWith("/")) {
      name = name.substring(1); // ClassLoader resource names never start with '/'
    }
    if (name.isEmpty()) {
      throw new IllegalArgumentException("mcjcache: no resource name in '" + uriText
          + "'; expected classpath:path/to/file.properties");
    }
    URL url = classLoader.getResource(name);
    if (url == null) {
      throw new IllegalArgumentException("mcjcache: cannot read configuration from '" + uriText
          + "': no resource '" + name + "' on the class path of " + classLoader);
    }
    return url;
  }

  private static URL url(String scheme, String location, String uriText) {
    try {
      URI uri = new URI(scheme + ":" + location);
      // A file: URL of a directory reads as a listing of its files, which would parse as nonsense keys.
      if (scheme.equals("file") && isDirectory(uri)) {
        throw new IllegalArgumentException("mcjcache: cannot read configuration from '" + uriText
            + "': it is a directory, not a properties file");
      }
      return uri.toURL();
    } catch (URISyntaxException | MalformedURLException e) {
      throw new IllegalArgumentException("mcjcache: cannot read configuration from '" + uriText + "': " + e, e);
    }
  }

  private static boolean isDirectory(URI fileUri) {
    try {
      return !fileUri.isOpaque() && Files.isDirectory(Path.of(fileUri));
    } catch (IllegalArgumentException e) {
      return false; // e.g. file://host/share: not a local path; opening it will report the real problem
    }
  }
}
