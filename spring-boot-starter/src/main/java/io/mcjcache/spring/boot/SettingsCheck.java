package io.mcjcache.spring.boot;

import io.mcjcache.config.ClusterSettings;
import io.mcjcache.config.ConfigKey;
import java.util.Map;
import java.util.Properties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Checks a {@link ManagerRequest} with mcjcache's own parser before any connection is made, and turns its
 * error into one that names the Boot property ({@code mcjcache.mirror}), not the configuration key the parser
 * knows ({@code mirror}): the user wrote the property, and Boot's failure analysis then shows where
 * ({@code application.properties}, line 3).
 *
 * <p>The parser stops at the first bad key and says which in words, so the culprit is found by asking it again:
 * the servers alone, then the servers with one key at a time, in the order of the properties class. Only a value
 * that is wrong in combination (the proxy's namespace equal to the namespace) passes alone; then the property
 * whose key the message names first is the one to blame.
 */
final class SettingsCheck {

  private SettingsCheck() {}

  /**
   * The settings {@code request} gives.
   *
   * @throws InvalidConfigurationPropertyValueException naming the property at fault, with the parser's reason
   */
  static ClusterSettings check(ManagerRequest request, ClassLoader classLoader) {
    try {
      return ClusterSettings.parse(request.uri(), request.properties(), classLoader);
    } catch (IllegalArgumentException whole) {
      throw culprit(request, classLoader, whole);
    }
  }

  private static InvalidConfigurationPropertyValueException culprit(ManagerRequest request, ClassLoader loader,
      IllegalArgumentException whole) {
    IllegalArgumentException serversAlone = failure(request, new Properties(), loader);
    if (serversAlone != null) {
      return invalid(request, ConfigKey.SERVERS.key(), serversAlone);
    }
    for (Map.Entry<String, ManagerRequest.Source> entry : request.sources().entrySet()) {
      String key = entry.getKey();
      if (key.equals(ConfigKey.SERVERS.key())) {
        continue;
      }
      Properties one = new Properties();
      one.setProperty(key, entry.getValue().value());
      IllegalArgumentException alone = failure(request, one, loader);
      if (alone != null) {
        return invalid(request, key, alone);
      }
    }
    return invalid(request, firstNamed(whole.getMessage(), request.sources()), whole);
  }

  private static IllegalArgumentException failure(ManagerRequest request, Properties properties,
      ClassLoader loader) {
    try {
      ClusterSettings.parse(request.uri(), properties, loader);
      return null;
    } catch (IllegalArgumentException e) {
      return e;
    }
  }

  /** The key among {@code sources} that {@code message} names first (the longest one where two start alike). */
  static String firstNamed(String message, Map<String, ManagerRequest.Source> sources) {
    String best = ConfigKey.SERVERS.key();
    int bestAt = Integer.MAX_VALUE;
    for (String key : sources.keySet()) {
      for (int at = message.indexOf(key); at >= 0; at = message.indexOf(key, at + 1)) {
        if (isWord(message, at, key.length())) {
          if (at < bestAt || (at == bestAt && key.length() > best.length())) {
            best = key;
            bestAt = at;
          }
          break;
        }
      }
    }
    return best;
  }

  private static boolean isWord(String text, int at, int length) {
    return (at == 0 || !isKeyChar(text.charAt(at - 1)))
        && (at + length == text.length() || !isKeyChar(text.charAt(at + length)));
  }

  private static boolean isKeyChar(char c) {
    return Character.isLetterOrDigit(c) || c == '.' || c == '_';
  }

  private static InvalidConfigurationPropertyValueException invalid(ManagerRequest request, String key,
      IllegalArgumentException error) {
    ManagerRequest.Source source = request.sources().get(key);
    return new InvalidConfigurationPropertyValueException(source.property(), source.value(),
        reason(error.getMessage(), key, request));
  }

  /**
   * The parser's message said of the property: without the {@code mcjcache: } prefix, the key it starts with,
   * and the {@code [from ...]} origin, which names the URI and properties the starter made, not the user's file.
   */
  static String reason(String message, String key, ManagerRequest request) {
    String reason = message;
    for (String origin : new String[] {" [from the Properties passed with " + request.uri() + "]",
        " [from the URI " + request.uri() + "]"}) {
      int at = reason.lastIndexOf(origin);
      if (at >= 0) {
        reason = reason.substring(0, at) + reason.substring(at + origin.length());
      }
    }
    if (reason.startsWith("mcjcache: ")) {
      reason = reason.substring("mcjcache: ".length());
    }
    if (reason.startsWith(key + " ")) {
      reason = reason.substring(key.length() + 1);
    }
    return reason;
  }
}
