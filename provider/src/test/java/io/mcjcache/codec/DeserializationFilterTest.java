package io.mcjcache.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.mcjcache.config.DeserializationAllowList;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A value planted in memcached must not run code in the JVM (docs/design.md, "JCache on memcached"). The
 * allow-list rejects what is not listed, says which class and which setting, and accepts what is.
 */
class DeserializationFilterTest {

  private static final ClassLoader LOADER = DeserializationFilterTest.class.getClassLoader();

  /** Writes with a permissive allow-list, as an attacker (or another app) writing memcached could. */
  private final JavaSerializer writer = new JavaSerializer(DeserializationAllowList.parse("*"));

  @Test
  void defaultAllowListRejectsUserClassesNamingClassAndSetting() {
    byte[] planted = writer.serialize(new TestValues.Order("o", "line"));

    ClassNotAllowedException rejected =
        catchThrowableOfType(
            ClassNotAllowedException.class, () -> new JavaSerializer().deserialize(planted, LOADER));

    assertThat(rejected.rejectedClassName()).isEqualTo("io.mcjcache.codec.TestValues$Order");
    assertThat(rejected)
        .isInstanceOf(SerializationFailedException.class)
        .hasMessageContaining("io.mcjcache.codec.TestValues$Order")
        .hasMessageContaining("'" + DeserializationAllowList.SETTING + "'")
        .hasMessageContaining("serialization.allowList=io.mcjcache.codec.*");
  }

  @Test
  void rejectedClassNeverRunsItsReadObject() {
    byte[] planted = writer.serialize(new TestValues.Planted());
    int runsBefore = TestValues.Planted.READ_OBJECT_RUNS.get();

    assertThatThrownBy(() -> new JavaSerializer().deserialize(planted, LOADER))
        .isInstanceOf(ClassNotAllowedException.class)
        .hasMessageContaining("TestValues$Planted");
    assertThat(TestValues.Planted.READ_OBJECT_RUNS.get()).isEqualTo(runsBefore);

    writer.deserialize(planted, LOADER);
    assertThat(TestValues.Planted.READ_OBJECT_RUNS.get())
        .as("the permissive reader does run it, so the check above could fail")
        .isEqualTo(runsBefore + 1);
  }

  @Test
  void aRejectedClassNestedInAnAllowedOneIsTheOneNamed() {
    JavaSerializer reader =
        new JavaSerializer(DeserializationAllowList.parse("io.mcjcache.codec.TestValues$Holder"));
    byte[] nestedField = writer.serialize(new TestValues.Holder(new TestValues.Planted()));
    byte[] nestedInList = writer.serialize(new ArrayList<>(List.of(new TestValues.Planted())));
    byte[] nestedInArray = writer.serialize(new TestValues.Holder(new TestValues.Planted[1]));

    for (byte[] bytes : List.of(nestedField, nestedInList, nestedInArray)) {
      assertThat(catchThrowableOfType(
          ClassNotAllowedException.class, () -> reader.deserialize(bytes, LOADER))
          .rejectedClassName())
          .isEqualTo("io.mcjcache.codec.TestValues$Planted");
    }
  }

  @Test
  void configuredPatternsAreAccepted() {
    TestValues.Holder holder = new TestValues.Holder(TestValues.Color.GREEN);
    byte[] bytes = writer.serialize(holder);
    JavaSerializer byClass =
        new JavaSerializer(DeserializationAllowList.parse(
            " io.mcjcache.codec.TestValues$Holder ; io.mcjcache.codec.TestValues$Color "));
    JavaSerializer byPackage = new JavaSerializer(DeserializationAllowList.parse("io.mcjcache.**"));

    assertThat(((TestValues.Holder) byClass.deserialize(bytes, LOADER)).payload)
        .isEqualTo(TestValues.Color.GREEN);
    assertThat(((TestValues.Holder) byPackage.deserialize(bytes, LOADER)).payload)
        .isEqualTo(TestValues.Color.GREEN);
  }

  @Test
  void userPatternsComeFirstSoTheyCanTakeAwayJdkTypes() {
    byte[] queue = writer.serialize(new PriorityQueue<>(List.of(3, 1, 2)));
    byte[] list = writer.serialize(new CopyOnWriteArrayList<>(List.of(1)));
    JavaSerializer narrowed =
        new JavaSerializer(DeserializationAllowList.parse("!java.util.PriorityQueue"));

    assertThatThrownBy(() -> narrowed.deserialize(queue, LOADER))
        .isInstanceOf(ClassNotAllowedException.class)
        .hasMessageContaining("java.util.PriorityQueue");
    assertThat(narrowed.deserialize(list, LOADER)).isEqualTo(List.of(1));
    assertThat(new JavaSerializer().deserialize(queue, LOADER)).isInstanceOf(PriorityQueue.class);
  }

  @Test
  void resourceLimitsInTheSettingAreEnforced() {
    List<Object> deep = new ArrayList<>();
    List<Object> cursor = deep;
    for (int i = 0; i < 20; i++) {
      List<Object> next = new ArrayList<>();
      cursor.add(next);
      cursor = next;
    }
    byte[] bytes = writer.serialize(deep);

    assertThatThrownBy(
        () -> new JavaSerializer(DeserializationAllowList.parse("maxdepth=5"))
            .deserialize(bytes, LOADER))
        .isInstanceOf(ClassNotAllowedException.class)
        .hasMessageContaining("resource limit");
    assertThat(new JavaSerializer().deserialize(bytes, LOADER)).isEqualTo(deep);
  }

  @Test
  void classesAreResolvedThroughTheGivenLoaderFirst() {
    List<String> asked = new ArrayList<>();
    ClassLoader recording =
        new ClassLoader(LOADER) {
          @Override
          protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            asked.add(name);
            return super.loadClass(name, resolve);
          }
        };
    JavaSerializer reader = new JavaSerializer(DeserializationAllowList.parse("io.mcjcache.**"));

    reader.deserialize(writer.serialize(new TestValues.Order("o")), recording);

    assertThat(asked).contains("io.mcjcache.codec.TestValues$Order");
  }

  @Test
  void invalidPatternSyntaxNamesTheSetting() {
    assertThatThrownBy(() -> DeserializationAllowList.parse("maxdepth=lots"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(DeserializationAllowList.SETTING);
    assertThatThrownBy(() -> DeserializationAllowList.parse("com.example.* com.other.*"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(DeserializationAllowList.SETTING)
        .hasMessageContaining("white space");
  }

  /** Hibernate keeps an entity's state as a Serializable[]; the filter checks the array's element type. */
  @Test
  void serializableArraysOfValueTypesAreAllowedByDefault() {
    java.io.Serializable[] state = {"Ursula", 1929L, java.time.LocalDate.of(1929, 10, 21), null};
    byte[] bytes = writer.serialize(state);

    assertThat((Object[]) new JavaSerializer().deserialize(bytes, LOADER)).containsExactly((Object[]) state);
    assertThatThrownBy(() -> new JavaSerializer().deserialize(
        writer.serialize(new java.io.Serializable[] {new TestValues.Planted()}), LOADER))
        .isInstanceOf(ClassNotAllowedException.class)
        .hasMessageContaining("TestValues$Planted");
  }

  /**
   * Hibernate's and Spring's own cache classes are allowed by exact name after the JDK types, so users'
   * patterns can still take them away; the classes themselves are exercised by integration-tests.
   */
  @Test
  void frameworkCacheTypesFollowTheJdkTypesByExactNameAndUserPatternsComeFirst() {
    DeserializationAllowList list = DeserializationAllowList.parse("!org.hibernate.**");
    String spec = list.filterSpec();

    assertThat(DeserializationAllowList.FRAMEWORK_CACHE_TYPES)
        .allSatisfy(pattern -> assertThat(pattern).doesNotContain("*").doesNotStartWith("!"))
        .contains("org.hibernate.cache.internal.CacheKeyImplementation",
            "org.springframework.cache.support.NullValue");
    assertThat(spec).startsWith("!org.hibernate.**;").endsWith(";!*");
    assertThat(spec.indexOf("java.util.concurrent.locks.*"))
        .isLessThan(spec.indexOf("org.hibernate.cache.internal.BasicCacheKeyImplementation"));
    assertThat(DeserializationAllowList.jdkValueTypesOnly().filterSpec())
        .contains(String.join(";", DeserializationAllowList.FRAMEWORK_CACHE_TYPES) + ";!*");
  }

  @Test
  void filterSpecPutsUserPatternsFirstAndRejectsTheRestLast() {
    DeserializationAllowList list = DeserializationAllowList.parse("com.example.**;;!java.util.*");

    assertThat(list.userPatterns()).containsExactly("com.example.**", "!java.util.*");
    assertThat(list.filterSpec()).startsWith("com.example.**;!java.util.*;java.lang.Object;")
        .endsWith(";!*");
    assertThat(DeserializationAllowList.jdkValueTypesOnly().userPatterns()).isEmpty();
  }
}
