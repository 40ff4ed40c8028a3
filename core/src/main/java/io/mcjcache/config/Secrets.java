package io.mcjcache.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps secrets out of what mcjcache shows: error messages, logs, {@code toString}, JMX names and thread
 * names. A URI such as {@code memcached://h:11211?auth.password=s3cret} is shown as
 * {@code memcached://h:11211?auth.password=****}, and a password in the user-info part
 * ({@code memcached://user:s3cret@h:11211}) likewise. A key is secret when its name ends in
 * {@code password}, {@code secret} or {@code token}, whatever the case (docs/configuration.md, "Secrets").
 * Secrets are best kept out of URIs altogether: in the Properties passed with the URI, or a file.
 */
public final class Secrets {
  /** What a secret value is shown as. */
  public static final String MASK = "****";

  private static final Pattern KEY_VALUE = Pattern.compile(
      "(?i)((?:^|[?&;,\\s'\"(])[A-Za-z0-9_.\\-\\[\\]]*(?:password|secret|token)\\s*=\\s*)([^&;,\\s'\")]*)");
  private static final Pattern USER_INFO = Pattern.compile("(//[^/@:\\s]*:)([^/@\\s]+)@");

  private Secrets() {}

  /** Whether {@code key}'s value is a secret that must never be shown. */
  public static boolean isSecret(String key) {
    String name = key.toLowerCase(Locale.ROOT);
    return name.endsWith("password") || name.endsWith("secret") || name.endsWith("token");
  }

  /** {@code text} (a URI, a message, a list of settings) with every secret value replaced by {@link #MASK}. */
  public static String mask(String text) {
    if (text == null) {
      return null;
    }
    String masked = USER_INFO.matcher(text).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + MASK + "@"));
    return KEY_VALUE.matcher(masked).replaceAll(m -> Matcher.quoteReplacement(
        m.group(1) + (m.group(2).isEmpty() ? "" : MASK)));
  }

  /** The value to show for {@code key}: itself, or {@link #MASK} for a secret key. */
  public static String shown(String key, String value) {
    return isSecret(key) ? MASK : value;
  }
}
