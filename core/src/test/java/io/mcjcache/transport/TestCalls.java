package io.mcjcache.transport;

import java.util.Collection;
import java.util.Map;

/**
 * Waited-for forms of the transport's asynchronous operations that only tests need (the store sends
 * these asynchronously and awaits them itself), with the transport's own unwrapping of failures: a
 * {@link TransportException} or bad input is thrown as it is.
 */
public final class TestCalls {
  private TestCalls() {}

  /** Stores unconditionally; true when stored. */
  public static boolean set(MemcachedTransport transport, int node, String key, int exptime, byte[] value) {
    return CallCompletion.join(transport.setAsync(node, key, exptime, value));
  }

  /** The value and CAS token of {@code key} on {@code node}, or null on a miss. */
  public static CasValue gets(MemcachedTransport transport, int node, String key) {
    return CallCompletion.join(transport.getsAsync(node, key));
  }

  public static Map<String, Boolean> setMulti(MemcachedTransport transport, int node, Map<String, Item> items) {
    return transport.sendSetMulti(node, items).await();
  }

  public static Map<String, Boolean> deleteMulti(MemcachedTransport transport, int node, Collection<String> keys) {
    return transport.sendDeleteMulti(node, keys).await();
  }
}
