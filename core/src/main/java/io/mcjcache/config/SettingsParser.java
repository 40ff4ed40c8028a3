package io.mcjcache.config;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Reads a CacheManager URI and the caller's properties into {@link ClusterSettings}.
 *
 * <p>Values are taken in layers, later layers winning key by key: the defaults, then the properties
 * file (for {@code classpath:}, {@code file:} and {@code jar:} URIs), then the URI's query, then the
 * {@code Properties} given to {@code getCacheManager}. So one shared file can be adjusted per manager
 * with {@code ?opTimeoutMs=200}, and a program can adjust either in code.
 *
 * <p>Keys are checked strictly: an unknown key is an error, because a misspelt {@code opTimeotMs}
 * silently falling back to the default is the kind of mistake found only in production. The one
 * exception is caller properties that belong to another layer: JCache integrations hand the provider
 * the same {@code Properties} they use themselves (Hibernate passes its {@code hibernate.*} settings,
 * and {@code javax.cache.*} names are the spec's and other providers'), so those prefixes are ignored
 * there. A file or URI is written for mcjcache alone, so it gets no such exception.
 */
public final class SettingsParser {

  /** Prefixes of caller property keys that belong to other layers and are ignored; see the class comment. */
  public static final List<String> FOREIGN_PREFIXES = List.of("javax.cache.", "hibernate.");

  static final String SUPPORTED_FORMS = "memcached://host:port,host:port,...[?key=value&...], "
      + "classpath:path/file.properties, file:/path/file.properties, jar:file:/path/app.jar!/path/file.properties"
      + " (the last three also take ?key=value&...)";

  private SettingsParser() {}

  /**
   * Parses {@code uri} with {@code overrides} on top.
   *
   * @param uri the CacheManager URI: {@code memcached://host:port,...}, {@code classpath:...},
   *     {@code file:...} or {@code jar:file:...!/...}, each optionally with {@code ?key=value&...}
   * @param overrides caller properties, may be null; they win over the URI and the file
   * @param classLoader resolves {@code classpath:} URIs; null means the loader of mcjcache itself
   * @throws IllegalArgumentException naming the key, value or URI at fault
   */
  public static ClusterSettings parse(URI uri, Properties overrides, ClassLoader classLoader) {
    Objects.requireNonNull(uri, "uri");
    ClassLoader loader = classLoader != null ? classLoader : SettingsParser.class.getClassLoader();
    String uriText = Secrets.mask(uri.toString()); // only ever shown in messages, never parsed
    if (uri.getScheme() == null) {
      throw new IllegalArgumentException("mcjcache: the CacheManager URI '" + uriText
          + "' has no scheme; supported forms: " + SUPPORTED_FORMS);
    }
    if (uri.getRawFragment() != null) {
      throw new IllegalArgumentException("mcjcache: the CacheManager URI '" + uriText
          + "' has a #fragment, which means nothing here; supported forms: " + SUPPORTED_FORMS);
    }
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    String rawPart = uri.getRawSchemeSpecificPart();
    int question = rawPart.indexOf('?');
    String location = question < 0 ? rawPart : rawPart.substring(0, question);
    String rawQuery = question < 0 ? null : rawPart.substring(question + 1);

    Map<String, RawSetting> merged = new LinkedHashMap<>();
    switch (scheme) {
      case "memcached" -> merged.put(ConfigKey.SERVERS.key(),
          new RawSetting(InlineCluster.servers(location, uriText), "the URI " + uriText));
      case "classpath", "file", "jar" -> {
        String fileOrigin = scheme + ":" + location;
        PropertiesResource.read(scheme, location, loader, uriText)
            .forEach((key, value) -> merged.put(key, new RawSetting(value, fileOrigin)));
      }
      default -> throw new IllegalArgumentException("mcjcache: unsupported CacheManager URI scheme '"
          + uri.getScheme() + "' in '" + uriText + "'; supported forms: " + SUPPORTED_FORMS);
    }
    Map<String, String> query = UriQuery.parse(rawQuery, uriText);
    if (scheme.equals("memcached") && query.containsKey(ConfigKey.SERVERS.key())) {
      throw new IllegalArgumentException("mcjcache: servers is given twice in '" + uriText
          + "': in the authority and in the query; keep only memcached://host:port,...");
    }
    // Origins name the URI without its query: a misspelt secret key (auth.pasword=...) is no key that
    // Secrets knows, and its value must not be printed back either.
    String shownBase = Secrets.mask(uri.getScheme() + ":" + location);
    query.forEach((key, value) -> merged.put(key, new RawSetting(value, "the query of " + shownBase)));
    callerValues(overrides)
        .forEach((key, value) -> merged.put(key, new RawSetting(value, "the Properties passed with " + shownBase)));
    return SettingsAssembler.assemble(merged);
  }

  /** The caller's string properties (defaults chain included), minus other layers' keys. */
  private static Map<String, String> callerValues(Properties overrides) {
    Map<String, String> values = new TreeMap<>();
    if (overrides == null) {
      return values;
    }
    // stringPropertyNames() silently skips non-String entries; a non-String value under one of our
    // keys is a programming error that deserves a message, not a default.
    for (Map.Entry<Object, Object> entry : overrides.entrySet()) {
      if (!(entry.getKey() instanceof String key)) {
        throw new IllegalArgumentException("mcjcache: configuration property keys must be Strings, got a "
            + entry.getKey().getClass().getName() + " key '" + entry.getKey() + "'");
      }
      if (!isForeign(key) && !(entry.getValue() instanceof String)) {
        throw new IllegalArgumentException("mcjcache: " + key + " must be given as a String, got a "
            + entry.getValue().getClass().getName() + " '" + entry.getValue() + "'");
      }
    }
    for (String key : overrides.stringPropertyNames()) {
      if (!isForeign(key)) {
        values.put(key, overrides.getProperty(key));
      }
    }
    return values;
  }

  private static boolean isForeign(String key) {
    return FOREIGN_PREFIXES.stream().anyMatch(key::startsWith);
  }
}
