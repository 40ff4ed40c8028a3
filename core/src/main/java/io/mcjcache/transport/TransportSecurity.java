package io.mcjcache.transport;

import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLContext;

/**
 * How every connection of the transport's is secured: TLS (with or without host name verification) and
 * memcached's ASCII authentication. The same settings serve the wire client's connections, the key
 * listing's sockets and the start-up check (docs/operations.md, "Security").
 *
 * @param tls the context TLS connections are made with, or null for plain text
 * @param verifyHostnames whether each server's certificate must name the host the node is configured as
 * @param username the name to authenticate as, or null for no authentication
 * @param password the password; never shown by {@link #toString()}
 */
public record TransportSecurity(SSLContext tls, boolean verifyHostnames, String username, String password) {

  /** Plain text, no authentication. */
  public static final TransportSecurity PLAIN = new TransportSecurity(null, false, null, null);

  /**
   * The key of the authenticating {@code set}. memcached {@code -Y} ignores key, flags and TTL; a server
   * that does not ask for authentication stores the item, which is why its TTL is negative (the item
   * expires at once and no {@code get} returns it) and why the start-up check warns about such servers.
   */
  static final String AUTH_KEY = "mcjcache.auth";

  public TransportSecurity {
    if ((username == null) != (password == null)) {
      throw new IllegalArgumentException("username and password come together, got "
          + (username == null ? "a password without a username" : "a username without a password"));
    }
  }

  public static TransportSecurity tls(SSLContext context, boolean verifyHostnames) {
    return new TransportSecurity(context, verifyHostnames, null, null);
  }

  /** These settings, authenticating as {@code user}. */
  public TransportSecurity withCredentials(String user, String secret) {
    return new TransportSecurity(tls, verifyHostnames, user, secret);
  }

  public boolean usesTls() {
    return tls != null;
  }

  public boolean authenticates() {
    return username != null;
  }

  /** The data of the authenticating {@code set}: {@code "<user> <password>"}. */
  byte[] authenticationData() {
    return (username + " " + password).getBytes(StandardCharsets.UTF_8);
  }

  /** The whole authenticating command as memcached {@code -Y} reads it, for sockets of our own. */
  byte[] authenticationCommand() {
    byte[] data = authenticationData();
    byte[] head = ("set " + AUTH_KEY + " 0 -1 " + data.length + "\r\n").getBytes(StandardCharsets.US_ASCII);
    byte[] command = new byte[head.length + data.length + 2];
    System.arraycopy(head, 0, command, 0, head.length);
    System.arraycopy(data, 0, command, head.length, data.length);
    command[command.length - 2] = '\r';
    command[command.length - 1] = '\n';
    return command;
  }

  /** Never shows the password. */
  @Override
  public String toString() {
    return "TransportSecurity[tls=" + (tls == null ? "off" : "on, verifyHostnames=" + verifyHostnames)
        + ", auth=" + (username == null ? "none" : username + "/****") + "]";
  }
}
