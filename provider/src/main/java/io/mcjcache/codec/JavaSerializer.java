package io.mcjcache.codec;

import io.mcjcache.config.DeserializationAllowList;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.NotSerializableException;
import java.io.ObjectOutputStream;
import java.util.Objects;

/**
 * The default {@link ValueSerializer}: {@link CompactEncoding} for strings, {@code byte[]} and boxed
 * primitives, Java serialization for everything else.
 *
 * <p>Java-serialized bytes carry their own tag ({@value #JAVA_SERIALIZED}) ahead of the standard
 * stream, and are read back only through {@link DeserializationAllowList}: a value planted in memcached
 * can make us instantiate only classes the user listed. Immutable and thread-safe.
 */
public final class JavaSerializer implements ValueSerializer {

  /** Type tag for bytes that follow as a standard Java serialization stream. */
  static final byte JAVA_SERIALIZED = 0x10;

  private final DeserializationAllowList allowList;

  /** A serializer that deserializes only the JDK value types. */
  public JavaSerializer() {
    this(DeserializationAllowList.jdkValueTypesOnly());
  }

  public JavaSerializer(DeserializationAllowList allowList) {
    this.allowList = Objects.requireNonNull(allowList, "allowList");
  }

  public DeserializationAllowList allowList() {
    return allowList;
  }

  @Override
  public byte[] serialize(Object value) {
    return serialize(value, 0);
  }

  /** Writes the value at {@code headroom} directly: compact values and Java streams alike are one array. */
  @Override
  public byte[] serialize(Object value, int headroom) {
    Objects.requireNonNull(value, "value");
    if (headroom < 0) {
      throw new IllegalArgumentException("headroom must be >= 0, got " + headroom);
    }
    if (CompactEncoding.handles(value.getClass())) {
      return CompactEncoding.encode(value, headroom);
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(headroom + 256);
    bytes.write(new byte[headroom], 0, headroom);
    bytes.write(JAVA_SERIALIZED);
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(value);
    } catch (NotSerializableException e) {
      throw new SerializationFailedException(
          "Cannot serialize an instance of " + value.getClass().getName() + ": "
              + describeNotSerializable(value, e.getMessage())
              + ". Make it implement java.io.Serializable, or plug in another ValueSerializer.",
          e);
    } catch (IOException | RuntimeException e) {
      throw new SerializationFailedException(
          "Cannot serialize an instance of " + value.getClass().getName() + ": " + e, e);
    }
    return bytes.toByteArray();
  }

  @Override
  public Object deserialize(byte[] bytes, ClassLoader classLoader) {
    Objects.requireNonNull(bytes, "bytes");
    return deserialize(bytes, 0, bytes.length, classLoader);
  }

  @Override
  public Object deserialize(byte[] bytes, int offset, int length, ClassLoader classLoader) {
    Objects.checkFromIndexSize(offset, length, bytes.length);
    if (length == 0) {
      throw new SerializationFailedException("Corrupt value: no bytes at all");
    }
    byte tag = bytes[offset];
    if (CompactEncoding.isCompactTag(tag)) {
      return CompactEncoding.decode(bytes, offset, length);
    }
    if (tag != JAVA_SERIALIZED) {
      throw new SerializationFailedException(
          "Corrupt value: unknown type tag " + tag + " (not written by " + getClass().getName() + ")");
    }
    return readJavaObject(bytes, offset + 1, length - 1, classLoader);
  }

  private Object readJavaObject(byte[] bytes, int offset, int length, ClassLoader classLoader) {
    AllowListObjectInputStream in = null;
    try {
      in = new AllowListObjectInputStream(
          new ByteArrayInputStream(bytes, offset, length), classLoader, allowList.filter());
      return in.readObject();
    } catch (InvalidClassException e) {
      if (in != null && in.rejectedClassName() != null) {
        throw rejected(in.rejectedClassName(), e);
      }
      throw new SerializationFailedException("Cannot deserialize value: " + e.getMessage(), e);
    } catch (ClassNotFoundException e) {
      throw new SerializationFailedException(
          "Cannot deserialize value: class " + e.getMessage() + " is not visible to the cache "
              + "manager's class loader (" + classLoader + ") nor to the thread context loader",
          e);
    } catch (IOException | RuntimeException e) {
      throw new SerializationFailedException("Corrupt value: cannot deserialize it: " + e, e);
    }
  }

  private ClassNotAllowedException rejected(String className, Exception cause) {
    return new ClassNotAllowedException(
        className,
        "Refused to deserialize class " + className + ": it is not on the deserialization "
            + "allow-list, so a value read from memcached may not instantiate it. If it is one of "
            + "your classes, add a pattern for it to the '" + DeserializationAllowList.SETTING
            + "' setting (e.g. " + DeserializationAllowList.SETTING + "=" + packagePattern(className)
            + "); current user patterns: " + allowList.userPatterns(),
        cause);
  }

  private static String packagePattern(String className) {
    int lastDot = className.lastIndexOf('.');
    return lastDot > 0 ? className.substring(0, lastDot) + ".*" : className;
  }

  private static String describeNotSerializable(Object value, String offendingClass) {
    if (value.getClass().getName().equals(offendingClass)) {
      return "the class does not implement java.io.Serializable";
    }
    return "it refers to an instance of " + offendingClass + ", which is not java.io.Serializable";
  }
}
