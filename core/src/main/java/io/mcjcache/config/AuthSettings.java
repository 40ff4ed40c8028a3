package io.mcjcache.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Who mcjcache authenticates as: the {@code auth.*} keys. memcached's ASCII authentication ({@code memcached
 * -Y}) checks a user name and password on every new connection (docs/operations.md, "Security").
 *
 * @param username {@code auth.username}, or null for no authentication
 * @param password {@code auth.password}, or null when it is read from {@code passwordFile}
 * @param passwordFile {@code auth.passwordFile}: a file whose first line is the password, read each time a
 *     manager opens its connections (so that the secret stays out of URIs and configuration files), or null
 */
public record AuthSettings(String username, String password, Path passwordFile) {

  private static final AuthSettings NONE = new AuthSettings(null, null, null);

  public AuthSettings {
    if (username == null) {
      if (password != null || passwordFile != null) {
        throw new IllegalArgumentException("mcjcache: " + ConfigKey.AUTH_PASSWORD.key() + " or "
            + ConfigKey.AUTH_PASSWORD_FILE.key() + " is given without " + ConfigKey.AUTH_USERNAME.key());
      }
    } else {
      if (username.isBlank() || username.chars().anyMatch(c -> c <= ' ' || c == 127 || c == ':')) {
        throw new IllegalArgumentException("mcjcache: " + ConfigKey.AUTH_USERNAME.key()
            + " must be a non-empty name without spaces, ':' or control characters (memcached's token file holds"
            + " 'user:password' lines and the client sends 'user password'), got '" + username + "'");
      }
      if ((password == null) == (passwordFile == null)) {
        throw new IllegalArgumentException("mcjcache: " + ConfigKey.AUTH_USERNAME.key() + " needs exactly one of "
            + ConfigKey.AUTH_PASSWORD.key() + " and " + ConfigKey.AUTH_PASSWORD_FILE.key() + ", got "
            + (password == null ? "neither" : "both"));
      }
      if (password != null) {
        checkPassword(ConfigKey.AUTH_PASSWORD.key(), password);
      }
    }
  }

  /** No authentication: the default. */
  public static AuthSettings none() {
    return NONE;
  }

  public static AuthSettings of(String username, String password) {
    return new AuthSettings(username, password, null);
  }

  public static AuthSettings fromFile(String username, Path passwordFile) {
    return new AuthSettings(username, null, passwordFile);
  }

  public boolean enabled() {
    return username != null;
  }

  /**
   * The password: {@code auth.password}, or the first line of {@code auth.passwordFile}, read now.
   *
   * @throws IllegalArgumentException naming the key and the file when it cannot be read or holds no usable
   *     password (the message never shows the file's content)
   */
  public String resolvePassword() {
    if (password != null || passwordFile == null) {
      return password;
    }
    String key = ConfigKey.AUTH_PASSWORD_FILE.key();
    List<String> lines;
    try {
      lines = Files.readAllLines(passwordFile, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException("mcjcache: " + key + " cannot be read: " + passwordFile.toAbsolutePath()
          + " (" + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", e);
    }
    if (lines.isEmpty()) {
      throw new IllegalArgumentException("mcjcache: " + key + " " + passwordFile.toAbsolutePath() + " is empty");
    }
    return checkPassword(key + " (" + passwordFile.toAbsolutePath() + ")", lines.get(0));
  }

  /**
   * The client sends {@code "user password"} in one line; memcached 1.6.18 refuses a password with a space
   * in it even when its token file holds exactly that password (measured), so none is allowed here.
   */
  private static String checkPassword(String origin, String value) {
    if (value.isEmpty() || value.chars().anyMatch(c -> c <= ' ' || c == 127)) {
      throw new IllegalArgumentException("mcjcache: " + origin + " must be a non-empty password without spaces"
          + " or control characters (memcached's ASCII authentication refuses a password with a space)");
    }
    return value;
  }

  /** Never shows the password. */
  @Override
  public String toString() {
    if (username == null) {
      return "AuthSettings[none]";
    }
    return "AuthSettings[username=" + username + (password != null ? ", password=" + Secrets.MASK
        : ", passwordFile=" + passwordFile) + "]";
  }
}
