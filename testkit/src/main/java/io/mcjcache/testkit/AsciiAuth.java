package io.mcjcache.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * memcached's ASCII authentication ({@code -Y <file>}, a line {@code user:password} per account): a
 * connection must first send a {@code set} whose data is {@code "user password"}; until then every command
 * is answered {@code CLIENT_ERROR unauthenticated}. Hand it to {@link MemcachedCluster.Builder#asciiAuth};
 * the testkit's own commands then authenticate first (docs/testkit.md, "TLS and authentication").
 *
 * @param user the account name (no spaces or colons)
 * @param password its password (no spaces); a test value
 */
public record AsciiAuth(String user, String password) {
  public AsciiAuth {
    if (user == null || user.isEmpty() || user.contains(" ") || user.contains(":")) {
      throw new IllegalArgumentException("an ASCII-auth user must be non-empty, without spaces or ':'");
    }
    if (password == null || password.isEmpty() || password.contains(" ")) {
      throw new IllegalArgumentException("an ASCII-auth password must be non-empty, without spaces");
    }
  }

  /** The request that authenticates a connection; memcached answers {@code STORED}. */
  public String request() {
    String token = user + " " + password;
    return "set auth 0 0 " + token.getBytes(StandardCharsets.UTF_8).length + "\r\n" + token + "\r\n";
  }

  /** memcached's arguments for this account, with the token file written to a temporary file. */
  List<String> serverArgs() {
    try {
      Path file = Files.createTempFile("mcjcache-auth-", ".txt");
      file.toFile().deleteOnExit();
      Files.writeString(file, user + ":" + password + "\n", StandardCharsets.UTF_8);
      return List.of("-Y", file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("could not write memcached's token file", e);
    }
  }

  @Override
  public String toString() {
    return "AsciiAuth[user=" + user + ", password=****]";
  }
}
