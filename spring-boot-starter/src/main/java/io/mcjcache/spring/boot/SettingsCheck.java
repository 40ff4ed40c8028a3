package io.mcjcache.spring.boot;

import io.mcjcache.config.ClusterSettings;
import io.mcjcache.config.ConfigKey;
import io.mcjcache.config.Secrets;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Checks a {@link ManagerRequest} with mcjcache's own parser before any connection is made, and turns its
 * error into one that names the Boot property ({@code mcjcache.mirror}), not the configuration key the parser
 * knows ({@code mirror}): the user wrote the property, and Boot's failure analysis then shows where
 * ({@code application.properties}, line 3).
 *
 * <p>The parser stops at the first bad key and says which in words, so the culprit is found by asking it again:
 * the servers alone, then the servers with one key at a time, in the order of the properties class. The keys
 * that only mean something together ({@code tls} and {@code tls.*}; {@code auth.*}) are asked together, and
 * when they fail the one the message names first is to blame ({@code tls.keyStore names no readable file}
 * blames {@code mcjcache.tls.key-store}). Only a value that is wrong in combination (the proxy's namespace
 * equal to the namespace) passes alone; then the property whose key the message names first is the one to
 * blame.
 *
 * <p>A secret's value ({@code mcjcache.auth.password}, {@code mcjcache.tls.*-password}) is never shown: the
 * error gives it as {@code ****}.
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
    Set<String> groupsTried = new HashSet<>();
    for (Map.Entry<String, ManagerRequest.Source> entry : request.sources().entrySet()) {
      String key = entry.getKey();
      if (key.equals(ConfigKey.SERVERS.key())) {
        continue;
      }
      String group = group(key);
      if (group != null) {
        if (groupsTried.add(group)) {
          Map<String, ManagerRequest.Source> members = members(request, group);
          Properties together = new Properties();
          members.forEach((member, source) -> together.setProperty(member, source.value()));
          IllegalArgumentException failure = failure(request, together, loader);
          if (failure != null) {
            String named = firstNamed(failure.getMessage(), members);
            return invalid(request, members.containsKey(named) ? named : members.keySet().iterator().next(),
                failure);
          }
        }
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

  /**
   * The keys that only mean something together, so are checked together: {@code tls} and {@code tls.*}
   * ({@code tls.trustStore} alone is refused, as TLS is off), and {@code auth.*} ({@code auth.username} alone
   * is refused, as it needs a password). Null for a key checked alone.
   */
  static String group(String key) {
    for (String group : new String[] {ConfigKey.TLS.key(), "auth"}) {
      if (key.equals(group) || key.startsWith(group + ".")) {
        return group;
      }
    }
    return null;
  }

  private static Map<String, ManagerRequest.Source> members(ManagerRequest request, String group) {
    Map<String, ManagerRequest.Source> members = new LinkedHashMap<>();
    request.sources().forEach((key, source) -> {
      if (group.equals(group(key))) {
        members.put(key, source);
      }
    });
    return members;
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

  /**
   * The error naming {@code key}'s property. A secret's value is shown as {@link Secrets#MASK}, and no secret
   * given appears in the reason (the parser never writes one; this holds even if a message changes).
   */
  private static InvalidConfigurationPropertyValueException invalid(ManagerRequest request, String key,
      IllegalArgumentException error) {
    ManagerRequest.Source source = request.sources().get(key);
    String reason = Secrets.mask(reason(error.getMessage(), key, request));
    for (ManagerRequest.Source given : request.sources().values()) {
      if (Secrets.isSecret(given.property()) && !given.value().isEmpty()) {
        reason = reason.replace(given.value(), Secrets.MASK);
      }
    }
    return new InvalidConfigurationPropertyValueException(source.property(), source.shownValue(), reason);
  }

  /**
   * The parser's message said of the property: without the {@code mcjcache: } prefix, the key it starts with,
   * and the {@code [from ...]} origin, which names the URI and properties the starter made, not the user's file.
   */
  static String reason(String message, String key, ManagerRequest request) {
    String reason = message;
    String[] origins = {"the Properties passed with " + request.uri(), "the URI " + request.uri()};
    for (String origin : origins) {
      String from = " [from " + origin + "]";
      int at = reason.lastIndexOf(from);
      if (at >= 0) {
        reason = reason.substring(0, at) + reason.substring(at + from.length());
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
