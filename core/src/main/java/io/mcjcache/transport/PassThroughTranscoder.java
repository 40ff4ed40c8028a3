package io.mcjcache.transport;

import net.spy.memcached.CachedData;
import net.spy.memcached.transcoders.Transcoder;

/**
 * Hands bytes to spymemcached and back untouched: serialization is the codec's job. This replaces
 * spymemcached's default SerializingTranscoder, which would deserialize whatever a server returns
 * with a bare ObjectInputStream (a value planted in memcached could then run code here).
 *
 * <p>Every item we write carries the flags {@link #FLAGS} (0x4D43, "MC"); items with other flags
 * were written by someone else and are returned as-is for the codec to reject.
 */
final class PassThroughTranscoder implements Transcoder<byte[]> {

  /** The memcached item flags of every item this transport writes ("MC"). */
  static final int FLAGS = 0x4D43;

  /** Size checks are ours (against the node's real limit), so spymemcached's own cap is lifted. */
  private static final int NO_LIMIT = Integer.MAX_VALUE;

  @Override
  public boolean asyncDecode(CachedData data) {
    return false;
  }

  @Override
  public CachedData encode(byte[] value) {
    return new CachedData(FLAGS, value, NO_LIMIT);
  }

  @Override
  public byte[] decode(CachedData data) {
    return data.getData();
  }

  @Override
  public int getMaxSize() {
    return NO_LIMIT;
  }
}
