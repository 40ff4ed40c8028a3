package io.mcjcache.codec;

import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectStreamClass;

/**
 * An {@link ObjectInputStream} that (1) resolves classes through the cache manager's class loader, as
 * JCache requires, falling back to the thread context loader, and (2) applies the allow-list filter
 * while remembering which class it rejected, because the JDK's own {@code InvalidClassException} only
 * says "filter status: REJECTED" and users need the class name to fix their configuration.
 *
 * <p>Classes are looked up without being initialized, so a rejected class's static initializer never
 * runs. One instance per read; not thread-safe.
 */
final class AllowListObjectInputStream extends ObjectInputStream {

  private final ClassLoader classLoader;
  private String rejectedClassName;

  AllowListObjectInputStream(InputStream in, ClassLoader classLoader, ObjectInputFilter allowList)
      throws IOException {
    super(in);
    this.classLoader = classLoader;
    setObjectInputFilter(info -> recordRejection(info, allowList.checkInput(info)));
  }

  /** The first class the filter rejected on this stream, or null if none was. */
  String rejectedClassName() {
    return rejectedClassName;
  }

  @Override
  protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
    String name = desc.getName();
    if (classLoader != null) {
      try {
        return Class.forName(name, false, classLoader);
      } catch (ClassNotFoundException notInManagerLoader) {
        // fall through to the context loader
      }
    }
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    if (context != null && context != classLoader) {
      try {
        return Class.forName(name, false, context);
      } catch (ClassNotFoundException notInContextLoader) {
        // fall through to the JDK's default lookup (also handles primitive type names)
      }
    }
    return super.resolveClass(desc);
  }

  private ObjectInputFilter.Status recordRejection(
      ObjectInputFilter.FilterInfo info, ObjectInputFilter.Status status) {
    if (status == ObjectInputFilter.Status.REJECTED && rejectedClassName == null) {
      Class<?> rejected = info.serialClass();
      while (rejected != null && rejected.isArray()) {
        rejected = rejected.getComponentType(); // the filter judged the element type
      }
      rejectedClassName = rejected != null ? rejected.getName() : describeLimit(info);
    }
    return status;
  }

  private static String describeLimit(ObjectInputFilter.FilterInfo info) {
    return "(a resource limit: depth " + info.depth() + ", references " + info.references()
        + ", bytes " + info.streamBytes() + ")";
  }
}
