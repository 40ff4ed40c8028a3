package io.mcjcache.testkit;

import java.util.List;

/**
 * How each memcached process of a cluster is started. Immutable so that a restart reproduces the
 * original process exactly (same memory, same item size limit), only empty.
 */
record NodeOptions(int memoryMb, int itemSizeLimitBytes, int threads, List<String> extraArgs, TlsMaterial tls,
    AsciiAuth auth) {
  NodeOptions {
    if (memoryMb < 1) {
      throw new IllegalArgumentException("memoryMb must be >= 1, got " + memoryMb);
    }
    // memcached itself refuses -I below 1 KiB or above 1 GiB; say so before it does, with our name for it.
    if (itemSizeLimitBytes < 1024 || itemSizeLimitBytes > (1 << 30)) {
      throw new IllegalArgumentException(
          "itemSizeLimitBytes must be between 1024 and 1073741824, got " + itemSizeLimitBytes);
    }
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }
    extraArgs = List.copyOf(extraArgs);
    // tls and auth may be null: plain text, no authentication
  }
}
