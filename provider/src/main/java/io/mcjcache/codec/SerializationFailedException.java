package io.mcjcache.codec;

import javax.cache.CacheException;

/**
 * A key or value could not be turned into bytes, or bytes could not be turned back into an object.
 * Always carries a message naming the class involved, so a user never has to decode a raw
 * {@code NotSerializableException} or {@code StreamCorruptedException} from a cache call.
 */
public class SerializationFailedException extends CacheException {

  public SerializationFailedException(String message) {
    super(message);
  }

  public SerializationFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
