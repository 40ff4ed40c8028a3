package io.mcjcache.config;

import java.io.ObjectInputFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Which classes Java deserialization may instantiate from bytes read off the network.
 *
 * <p>Why an allow-list and not a deny-list of known gadgets: anyone who can write to memcached can plant
 * an item under a cache's key, and Java deserialization of an attacker's bytes runs the
 * {@code readObject}/{@code readResolve} code of whatever classes those bytes name. Deny-lists chase an
 * open-ended set of gadget chains; an allow-list fails closed. So the effective filter is
 *
 * <pre>  &lt;your patterns&gt; ; &lt;JDK value types&gt; ; &lt;framework cache types&gt; ; !*</pre>
 *
 * <p>evaluated left to right, first match wins (the syntax of
 * {@link ObjectInputFilter.Config#createFilter}). Your patterns come first so that they can both add
 * classes ({@code com.example.**}) and take JDK ones away ({@code !java.util.PriorityQueue}); the final
 * {@code !*} rejects everything else, including every class of your own until you list it. Resource
 * limits such as {@code maxdepth=64} or {@code maxbytes=1048576} may be given among the patterns.
 *
 * <p>The built-in JDK value types are the boxed primitives, {@code String}, {@code BigInteger},
 * {@code BigDecimal}, {@code java.time}, and the collections of {@code java.util} and
 * {@code java.util.concurrent} (with the atomic and lock classes their serial forms contain). Nothing
 * from reflection, {@code java.lang.invoke}, proxies or exceptions.
 *
 * <p>After them come the {@link #FRAMEWORK_CACHE_TYPES}: the few classes Hibernate ORM's second-level
 * cache and Spring's cache abstraction store themselves, named one by one (never a package wildcard), so
 * that those frameworks work without configuration while the application's own classes still need
 * listing. Each is a plain data holder whose deserialization runs no code beyond hashing fields that the
 * filter has already checked.
 */
public final class DeserializationAllowList {

  /** The configuration key users set to extend or narrow the list, e.g. {@code com.example.**}. */
  public static final String SETTING = "serialization.allowList";

  /** Always allowed unless a user pattern rejects them first. */
  public static final List<String> JDK_VALUE_TYPES =
      List.of(
          "java.lang.Object",
          "java.lang.String",
          "java.lang.Number",
          "java.lang.Boolean",
          "java.lang.Byte",
          "java.lang.Short",
          "java.lang.Integer",
          "java.lang.Long",
          "java.lang.Float",
          "java.lang.Double",
          "java.lang.Character",
          "java.lang.Enum",
          // an interface, never instantiated: the element type of Serializable[] (Hibernate's entity state)
          "java.io.Serializable",
          "java.math.BigInteger",
          "java.math.BigDecimal",
          "java.time.**",
          "java.util.*",
          "java.util.concurrent.*",
          "java.util.concurrent.atomic.*",
          "java.util.concurrent.locks.*");

  /**
   * Exact classes that Hibernate ORM 6.6 (hibernate-jcache) and Spring Framework 6.2 put into a cache
   * themselves, allowed unless a user pattern rejects them first ({@code !org.hibernate.**}). Without them
   * every Hibernate cache read would fail until each user found and listed Hibernate internals, and a
   * blanket {@code org.hibernate.**} would let in classes that were gadget-chain links in the past.
   * Checked against those versions by the integration tests; other versions may name other classes, which
   * a {@link ClassNotAllowedException} then names.
   */
  public static final List<String> FRAMEWORK_CACHE_TYPES =
      List.of(
          // Hibernate: entity, collection and natural-id keys, query keys and their parameter mementos
          "org.hibernate.cache.internal.BasicCacheKeyImplementation",
          "org.hibernate.cache.internal.CacheKeyImplementation",
          "org.hibernate.cache.internal.NaturalIdCacheKey",
          "org.hibernate.cache.spi.QueryKey",
          "org.hibernate.query.internal.QueryParameterBindingsImpl$ParameterBindingsMementoImpl",
          "org.hibernate.query.spi.QueryParameterBindings$1",
          // Hibernate: cached entries, read-write locks, query results, and the markers in entity state
          "org.hibernate.cache.spi.entry.StandardCacheEntryImpl",
          "org.hibernate.cache.spi.entry.CollectionCacheEntry",
          "org.hibernate.cache.spi.entry.ReferenceCacheEntryImpl",
          "org.hibernate.cache.spi.support.AbstractReadWriteAccess$Item",
          "org.hibernate.cache.spi.support.AbstractReadWriteAccess$SoftLockImpl",
          "org.hibernate.cache.internal.QueryResultsCacheImpl$CacheItem",
          "org.hibernate.bytecode.enhance.spi.LazyPropertyInitializer$1",
          "org.hibernate.property.access.internal.PropertyAccessStrategyBackRefImpl$1",
          // Spring: the stored form of a cached null, and the key of a method with several arguments
          "org.springframework.cache.support.NullValue",
          "org.springframework.cache.interceptor.SimpleKey");

  private static final String REJECT_THE_REST = "!*";

  private final List<String> userPatterns;
  private final String filterSpec;
  private final ObjectInputFilter filter;

  private DeserializationAllowList(List<String> userPatterns) {
    this.userPatterns = List.copyOf(userPatterns);
    List<String> all = new ArrayList<>(this.userPatterns);
    all.addAll(JDK_VALUE_TYPES);
    all.addAll(FRAMEWORK_CACHE_TYPES);
    all.add(REJECT_THE_REST);
    this.filterSpec = String.join(";", all);
    this.filter = createFilter(filterSpec);
  }

  /** Only the built-in types (JDK values, framework cache types): the default when {@value #SETTING} is not set. */
  public static DeserializationAllowList jdkValueTypesOnly() {
    return new DeserializationAllowList(List.of());
  }

  /**
   * Parses the value of {@value #SETTING}: patterns separated by {@code ;} (surrounding blanks ignored).
   *
   * @throws IllegalArgumentException naming the setting and the bad pattern when the syntax is invalid
   */
  public static DeserializationAllowList parse(String settingValue) {
    Objects.requireNonNull(settingValue, SETTING);
    List<String> patterns = new ArrayList<>();
    for (String part : settingValue.split(";")) {
      String pattern = part.strip();
      if (pattern.isEmpty()) {
        continue;
      }
      if (pattern.chars().anyMatch(Character::isWhitespace)) {
        throw new IllegalArgumentException(
            "Setting '" + SETTING + "': pattern '" + pattern + "' contains white space; "
                + "separate patterns with ';'");
      }
      patterns.add(pattern);
    }
    return new DeserializationAllowList(patterns);
  }

  /** The patterns the user configured, in order, without the built-in ones. */
  public List<String> userPatterns() {
    return userPatterns;
  }

  /** The complete filter text, as passed to {@link ObjectInputFilter.Config#createFilter}. */
  public String filterSpec() {
    return filterSpec;
  }

  /** The filter itself; stateless, so one instance serves every stream. */
  public ObjectInputFilter filter() {
    return filter;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DeserializationAllowList other && filterSpec.equals(other.filterSpec);
  }

  @Override
  public int hashCode() {
    return filterSpec.hashCode();
  }

  @Override
  public String toString() {
    return SETTING + "=" + String.join(";", userPatterns);
  }

  private static ObjectInputFilter createFilter(String spec) {
    try {
      return ObjectInputFilter.Config.createFilter(spec);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "Setting '" + SETTING + "' is not a valid ObjectInputFilter pattern list: " + e.getMessage(),
          e);
    }
  }
}
