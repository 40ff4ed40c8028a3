package io.mcjcache.codec;

/**
 * Deserialization stopped because the bytes named a class that is not on the allow-list. This is the
 * guard that keeps a value planted in memcached from running code in the JVM; when the class is a
 * legitimate one of the application's, the fix is a pattern in the allow-list setting, which the message
 * names.
 */
public final class ClassNotAllowedException extends SerializationFailedException {

  private final String rejectedClassName;

  public ClassNotAllowedException(String rejectedClassName, String message, Throwable cause) {
    super(message, cause);
    this.rejectedClassName = rejectedClassName;
  }

  /** The binary name of the first class the filter rejected, e.g. {@code com.example.Order}. */
  public String rejectedClassName() {
    return rejectedClassName;
  }
}
