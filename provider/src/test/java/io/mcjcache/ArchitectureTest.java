package io.mcjcache;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import io.mcjcache.cluster.ClusterStore;
import io.mcjcache.cluster.ClusterStoreFactory;
import io.mcjcache.cluster.RoutedClusterStore;
import io.mcjcache.cluster.StoreException;
import io.mcjcache.cluster.ValueExpiry;
import io.mcjcache.config.ClusterSettings;
import io.mcjcache.config.DeserializationAllowList;
import io.mcjcache.config.Namespace;
import io.mcjcache.config.NearCacheSettings;
import io.mcjcache.config.Secrets;
import io.mcjcache.config.ServerAddress;
import io.mcjcache.routing.AtomicPlan;
import io.mcjcache.routing.HashAlgorithm;
import io.mcjcache.routing.KeyHash;
import io.mcjcache.routing.ReadPlan;
import io.mcjcache.routing.Router;
import io.mcjcache.routing.WritePlan;
import io.mcjcache.transport.TransportSettings;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.NetworkChannel;
import java.time.Clock;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The package rules of the provider that docs/architecture.md ("Packages of the provider") and each
 * package's {@code package-info.java} state, checked on the compiled main classes (tests may cross layers).
 * A rule that fails names the offending classes and dependencies; change the code, or change the rule here
 * together with the documentation that states it.
 *
 * <p>Each package gets the list of what it <em>may</em> depend on (the JDK is always allowed), so a new
 * dependency that the documentation does not list fails, and the "must not" column follows from it.
 */
@AnalyzeClasses(packages = "io.mcjcache", importOptions = {ImportOption.DoNotIncludeTests.class,
    ArchitectureTest.DoNotIncludeTestJars.class})
class ArchitectureTest {
  private static final String ROOT = "io.mcjcache";
  private static final String AGENT = "io.mcjcache.agent..";
  private static final String CLUSTER = "io.mcjcache.cluster..";
  private static final String CODEC = "io.mcjcache.codec..";
  private static final String CONFIG = "io.mcjcache.config..";
  private static final String EVENT = "io.mcjcache.event..";
  private static final String EXPIRY = "io.mcjcache.expiry..";
  private static final String HEALTH = "io.mcjcache.health..";
  private static final String INTEGRATION = "io.mcjcache.integration..";
  private static final String MANAGEMENT = "io.mcjcache.management..";
  private static final String NEAR = "io.mcjcache.near..";
  private static final String PROCESSOR = "io.mcjcache.processor..";
  private static final String ROUTING = "io.mcjcache.routing..";
  private static final String TRANSPORT = "io.mcjcache.transport..";
  private static final String TESTKIT = "io.mcjcache.testkit..";

  private static final String JDK = "java..";
  private static final String JCACHE = "javax.cache..";
  private static final String JMX = "javax.management..";
  private static final String SPYMEMCACHED = "net.spy..";
  /** The JDK's TLS: the transport's secured connections and the cluster's loading of the key stores. */
  private static final String JDK_TLS = "javax.net.ssl..";
  private static final String CAFFEINE = "com.github.benmanes.caffeine..";

  // ---- the layers, from the application down ----

  @ArchTest
  static final ArchRule jcacheLayerReachesTheServersOnlyThroughTheClusterStore = classes()
      .that().resideInAPackage(ROOT).and().doNotBelongToAnyOf(StoreFactories.class)
      .should().onlyDependOnClassesThat(resideInAnyPackage(ROOT, NEAR, CODEC, CONFIG, EVENT, EXPIRY, INTEGRATION,
          MANAGEMENT, PROCESSOR, JCACHE, JDK)
          .or(clusterStoreDoor())
          .or(belongToAnyOf(StoreException.class)))
      .because("the JCache layer talks to the servers only through the ClusterStore door (the interface and the"
          + " types of its methods, StoreFigures, where the near caches' figures are published, included;"
          + " ClusterStoreFactory), never to the router, health or transport (docs/architecture.md, \"Packages of"
          + " the provider\"; io/mcjcache/package-info.java)");

  @ArchTest
  static final ArchRule onlyStoreFactoriesNamesTheDefaultStore = classes()
      .that().belongToAnyOf(StoreFactories.class)
      .should().onlyDependOnClassesThat(resideInAnyPackage(ROOT, CONFIG, JCACHE, JDK)
          .or(clusterStoreDoor())
          .or(belongToAnyOf(RoutedClusterStore.class, ValueExpiry.class)))
      .because("the default store (RoutedClusterStore.open) is named in one place, where a provider finds its"
          + " ClusterStoreFactory; everything else sees only ClusterStore (docs/architecture.md, \"Wiring\")");

  @ArchTest
  static final ArchRule onlyTheManagerDependsOnTheCache = noClasses()
      .that().resideInAPackage("io.mcjcache..")
      .and().doNotBelongToAnyOf(MemcachedCache.class, MemcachedCacheManager.class)
      .should().dependOnClassesThat().belongToAnyOf(MemcachedCache.class)
      .because("the JCache layer flows one way: the manager creates and releases caches, and the classes that"
          + " carry out a cache's operations receive its parts (CacheParts), never the cache"
          + " (docs/architecture.md, \"Packages of the provider\")");

  @ArchTest
  static final ArchRule jcacheLayerClassesAreFreeOfCycles = slices()
      .assignedFrom(rootClassesBelowTheCache())
      .should().beFreeOfCycles()
      .because("below the provider, manager and cache, each class of io.mcjcache serves the ones above it and"
          + " never calls back up (docs/architecture.md, \"Packages of the provider\")");

  @ArchTest
  static final ArchRule nearCacheKnowsOnlyTheClusterStoreInterface = classes()
      .that().resideInAPackage(NEAR)
      .should().onlyDependOnClassesThat(resideInAnyPackage(NEAR, CAFFEINE, JDK)
          .or(clusterStoreInterface())
          .or(belongToAnyOf(NearCacheSettings.class)))
      .because("the near cache sits in front of the ClusterStore interface and knows nothing of JCache, envelopes"
          + " or serialization (docs/architecture.md; io/mcjcache/near/package-info.java)");

  @ArchTest
  static final ArchRule clusterKnowsNoJCacheSemanticsNorSerialization = classes()
      .that().resideInAPackage(CLUSTER)
      .should().onlyDependOnClassesThat().resideInAnyPackage(CLUSTER, ROUTING, HEALTH, TRANSPORT, CONFIG, JMX, JDK,
          JDK_TLS)
      .because("the cluster stores opaque bytes: it carries plans out over the transport and reports to health;"
          + " keys, expiry, listeners, statistics, serialization and JCache's exceptions live above it"
          + " (docs/architecture.md;"
          + " io/mcjcache/cluster/package-info.java)");

  @ArchTest
  static final ArchRule routingIsPure = classes()
      .that().resideInAPackage(ROUTING)
      .should().onlyDependOnClassesThat().resideInAnyPackage(ROUTING, JDK)
      .because("routing is pure: the same key and view give the same plan in every client; it must not depend on"
          + " the transport, health, codec or JCache (docs/architecture.md; io/mcjcache/routing/package-info.java)");

  @ArchTest
  static final ArchRule routingDoesNoIo = noClasses()
      .that().resideInAPackage(ROUTING)
      .should().dependOnClassesThat(resideInAnyPackage("java.io..", "java.net..", "java.nio.file..",
          "java.nio.channels..", "java.sql..", "java.lang.management..")
          .and(DescribedPredicate.not(assignableTo(Throwable.class))))
      .because("routing does no I/O: the executor (cluster) carries its plans out"
          + " (io/mcjcache/routing/package-info.java)");

  @ArchTest
  static final ArchRule routingReadsNoClock = noClasses()
      .that().resideInAPackage(ROUTING)
      .should().dependOnClassesThat(assignableTo(InstantSource.class).or(assignableTo(Clock.class)))
      .orShould().accessTargetWhere(readsTheClock())
      .because("routing reads no clock: times (episode starts and ends) come in through the ClusterView, so a plan"
          + " depends only on the key and the view (io/mcjcache/routing/package-info.java)");

  @ArchTest
  static final ArchRule routingHoldsNoSharedMutableState = fields()
      .that().areDeclaredInClassesThat().resideInAPackage(ROUTING)
      .and().areStatic()
      .should().beFinal()
      .because("routing holds no shared mutable state (io/mcjcache/routing/package-info.java)");

  @ArchTest
  static final ArchRule healthReachesServersOnlyThroughNodeAccess = classes()
      .that().resideInAPackage(HEALTH)
      .should().onlyDependOnClassesThat().resideInAnyPackage(HEALTH, ROUTING, JDK)
      .because("health reaches the servers only through its NodeAccess interface, which"
          + " cluster.TransportNodeAccess implements over the transport; it publishes routing's ClusterView"
          + " (docs/architecture.md; io/mcjcache/health/package-info.java)");

  @ArchTest
  static final ArchRule healthMakesNoPlacementDecisions = noClasses()
      .that().resideInAPackage(HEALTH)
      .should()
      .dependOnClassesThat(
          belongToAnyOf(Router.class, KeyHash.class, HashAlgorithm.class, WritePlan.class, ReadPlan.class,
              AtomicPlan.class))
      .because("health decides who is alive, never where a key goes: the router makes placement decisions"
          + " (docs/architecture.md; io/mcjcache/health/package-info.java); routing's other placement classes"
          + " (Placement, Rehash, DivertedCopies) are package-private, so the compiler keeps them out of reach");

  @ArchTest
  static final ArchRule transportNeverChoosesANode = classes()
      .that().resideInAPackage(TRANSPORT)
      .should().onlyDependOnClassesThat().resideInAnyPackage(TRANSPORT, SPYMEMCACHED, JDK, JDK_TLS)
      .because("the transport sends each call to the node it is given; routing, health, the codec and the JCache"
          + " layer depend on it, not the other way round (docs/architecture.md;"
          + " io/mcjcache/transport/package-info.java)");

  // ---- the packages everything reads ----

  @ArchTest
  static final ArchRule configIsReadableByAll = classes()
      .that().resideInAPackage(CONFIG)
      .should().onlyDependOnClassesThat(resideInAnyPackage(CONFIG, JDK))
      .because("every package reads the settings, so config depends on the JDK and its own allow-list value only,"
          + " with no routing, transport or JCache types, so that there is no cycle (docs/architecture.md;"
          + " io/mcjcache/config/package-info.java)");

  @ArchTest
  static final ArchRule configResolvesNoHostAndOpensNoConnection = noClasses()
      .that().resideInAPackage(CONFIG)
      .should().accessTargetWhere(resolvesAHostOrConnects())
      .because("nothing in config opens a network connection or resolves a host name: a CacheManager URI is"
          + " parsed without touching the network (io/mcjcache/config/package-info.java)");

  @ArchTest
  static final ArchRule codecIsPureByteWork = classes()
      .that().resideInAPackage(CODEC)
      .should().onlyDependOnClassesThat(resideInAnyPackage(CODEC, JDK)
          .or(resideInAPackage(JCACHE).and(assignableTo(Throwable.class)))
          .or(belongToAnyOf(DeserializationAllowList.class, Namespace.class, TransportSettings.class,
              ClusterSettings.class)))
      .because("the codec is pure byte work: it depends only on the JDK, javax.cache exceptions and three facts of"
          + " the core (the allow-list value, the namespace rule, memcached's measured item overhead), not on"
          + " routing, health, the transport's calls or the Cache implementation (docs/architecture.md;"
          + " io/mcjcache/codec/package-info.java)");

  // ---- the JCache helpers beside the cache ----

  @ArchTest
  static final ArchRule eventsKnowOnlyJCache = classes()
      .that().resideInAPackage(EVENT)
      .should().onlyDependOnClassesThat().resideInAnyPackage(EVENT, JCACHE, JDK)
      .because("events are delivered with the values already in hand: the package never reads the cluster, the"
          + " codec or the router (docs/architecture.md; io/mcjcache/event/package-info.java)");

  @ArchTest
  static final ArchRule expiryKnowsOnlyJCache = classes()
      .that().resideInAPackage(EXPIRY)
      .should().onlyDependOnClassesThat().resideInAnyPackage(EXPIRY, JCACHE, JDK)
      .because("expiry policies become absolute times without knowing memcached, the cluster or serialization"
          + " (docs/architecture.md; io/mcjcache/expiry/package-info.java)");

  @ArchTest
  static final ArchRule processorsKnowOnlyJCache = classes()
      .that().resideInAPackage(PROCESSOR)
      .should().onlyDependOnClassesThat().resideInAnyPackage(PROCESSOR, JCACHE, JDK)
      .because("an entry processor's outcome is applied by the cache through the store; the package knows nothing"
          + " of memcached (docs/architecture.md; io/mcjcache/processor/package-info.java)");

  @ArchTest
  static final ArchRule loaderAndWriterCallsKnowOnlyJCache = classes()
      .that().resideInAPackage(INTEGRATION)
      .should().onlyDependOnClassesThat().resideInAnyPackage(INTEGRATION, JCACHE, JDK)
      .because("calls to the application's loader and writer know nothing of memcached or of how entries are"
          + " stored (docs/architecture.md; io/mcjcache/integration/package-info.java)");

  @ArchTest
  static final ArchRule managementKnowsOnlyJCacheAndJmx = classes()
      .that().resideInAPackage(MANAGEMENT)
      .should().onlyDependOnClassesThat(resideInAnyPackage(MANAGEMENT, JCACHE, JMX, JDK)
          .or(belongToAnyOf(Secrets.class)))
      .because("statistics and MXBeans record what the cache tells them and never look at the cluster; the"
          + " manager's URI in their names is shown through Secrets like everywhere else"
          + " (docs/architecture.md; io/mcjcache/management/package-info.java)");

  // ---- the agent, the JCache API, the testkit ----

  @ArchTest
  static final ArchRule jcacheApiOnlyAboveTheClusterStore = noClasses()
      .that().resideInAnyPackage(AGENT, CONFIG, NEAR, ROUTING, HEALTH, TRANSPORT, CLUSTER)
      .should().dependOnClassesThat().resideInAPackage(JCACHE)
      .because("the JCache API is used by the provider's JCache layer (io.mcjcache, event, expiry, processor,"
          + " integration, management), by the codec and the cluster for exceptions only, and nowhere below"
          + " (docs/architecture.md, \"Packages of the provider\")");

  @ArchTest
  static final ArchRule testkitIsIndependentOfTheProvider = noClasses()
      .that().resideInAPackage(TESTKIT)
      .should().dependOnClassesThat(resideInAPackage("io.mcjcache..")
          .and(DescribedPredicate.not(resideInAPackage(TESTKIT))))
      .because("the testkit starts real memcached processes for any project's tests and depends on nothing of"
          + " mcjcache (docs/architecture.md, \"Modules\")");

  @ArchTest
  static final ArchRule packagesAreFreeOfCycles = slices()
      .assignedFrom(providerPackages())
      .should().beFreeOfCycles()
      .because("the packages form layers (io.mcjcache -> near -> cluster -> routing and transport, health beside"
          + " cluster, config read by all); a cycle would tie two layers into one (docs/architecture.md)");

  // ---- predicates ----

  /** The ClusterStore interface and the cluster types its methods take, return or throw. */
  private static DescribedPredicate<JavaClass> clusterStoreInterface() {
    Set<String> names = clusterStoreTypeNames();
    return describe("the ClusterStore interface and the types of its methods", type -> names.contains(type.getName()));
  }

  /** What the JCache layer may use of the cluster package: the interface and its factory. */
  private static DescribedPredicate<JavaClass> clusterStoreDoor() {
    Set<String> names = clusterStoreTypeNames();
    names.add(ClusterStoreFactory.class.getName());
    return describe("the ClusterStore door (ClusterStore and the types of its methods, ClusterStoreFactory)",
        type -> names.contains(type.getName()));
  }

  /**
   * ClusterStore and the cluster types that its methods take, return or throw, and so on through those types'
   * public methods and nested types (a {@code Mutation} returns a {@code Decision}, which has an {@code Action}).
   */
  private static Set<String> clusterStoreTypeNames() {
    Set<Class<?>> found = new HashSet<>();
    Deque<Class<?>> toVisit = new ArrayDeque<>(List.of(ClusterStore.class));
    while (!toVisit.isEmpty()) {
      Class<?> type = toVisit.pop();
      if (!type.getPackageName().equals(ClusterStore.class.getPackageName()) || !found.add(type)) {
        continue;
      }
      Set<Class<?>> involved = new HashSet<>(Arrays.asList(type.getClasses()));
      for (Method method : type.getMethods()) {
        collect(method.getGenericReturnType(), involved);
        for (Type parameter : method.getGenericParameterTypes()) {
          collect(parameter, involved);
        }
        involved.addAll(Arrays.asList(method.getExceptionTypes()));
      }
      toVisit.addAll(involved);
    }
    Set<String> names = new HashSet<>();
    found.forEach(type -> names.add(type.getName()));
    return names;
  }

  private static void collect(Type type, Set<Class<?>> into) {
    if (type instanceof Class<?> raw) {
      into.add(raw.isArray() ? raw.getComponentType() : raw);
    } else if (type instanceof ParameterizedType parameterized) {
      collect(parameterized.getRawType(), into);
      for (Type argument : parameterized.getActualTypeArguments()) {
        collect(argument, into);
      }
    } else if (type instanceof WildcardType wildcard) {
      for (Type bound : wildcard.getUpperBounds()) {
        collect(bound, into);
      }
      for (Type bound : wildcard.getLowerBounds()) {
        collect(bound, into);
      }
    } else if (type instanceof GenericArrayType array) {
      collect(array.getGenericComponentType(), into);
    }
  }

  /** A call of {@code System.currentTimeMillis/nanoTime} or of a {@code now()} in {@code java.time}. */
  private static DescribedPredicate<JavaAccess<?>> readsTheClock() {
    return describe("a clock read (System.currentTimeMillis, System.nanoTime, java.time's now())", access -> {
      JavaClass owner = access.getTargetOwner();
      String name = access.getName();
      return owner.isEquivalentTo(System.class) && (name.equals("currentTimeMillis") || name.equals("nanoTime"))
          || owner.getPackageName().equals("java.time") && name.equals("now");
    });
  }

  /**
   * A host name look-up or a network connection: any method of {@link InetAddress}, a resolving
   * {@link InetSocketAddress} constructor, sockets and network channels. Two places of {@link ServerAddress} are
   * exempt, on purpose and in so many words: {@code socketAddress()}, "an address for the transport; this resolves
   * the host name, so call it when connecting" (parsing never calls it), and {@code ipv6(...)}, which hands
   * {@code InetAddress.getByName} only a literal its pattern has already checked ("a literal is parsed, never
   * looked up, so this does no DNS").
   */
  private static DescribedPredicate<JavaAccess<?>> resolvesAHostOrConnects() {
    return describe("a host name look-up or a connection (InetAddress, new InetSocketAddress(host, port), sockets,"
        + " network channels), outside ServerAddress.socketAddress() and its IPv6 literal check", access -> {
          JavaClass owner = access.getTargetOwner();
          boolean network = owner.isAssignableTo(InetAddress.class)
              || owner.isEquivalentTo(InetSocketAddress.class) && access.getName().equals("<init>")
              || owner.isAssignableTo(Socket.class)
              || owner.isAssignableTo(ServerSocket.class)
              || owner.isAssignableTo(NetworkChannel.class);
          boolean exempt = access.getOrigin().getOwner().isEquivalentTo(ServerAddress.class)
              && (access.getOrigin().getName().equals("socketAddress")
                  || access.getOrigin().getName().equals("ipv6") && owner.isAssignableTo(InetAddress.class));
          return network && !exempt;
        });
  }

  /**
   * One slice per top-level class of the root package (nested classes count with theirs), leaving out the
   * provider, the manager and the cache: those three know each other by design (the provider opens managers,
   * a manager creates caches, a closing cache or manager leaves its creator).
   */
  private static SliceAssignment rootClassesBelowTheCache() {
    Set<String> above = Set.of(MemcachedCachingProvider.class.getName(), MemcachedCacheManager.class.getName(),
        MemcachedCache.class.getName());
    return new SliceAssignment() {
      @Override
      public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
        if (!javaClass.getPackageName().equals(ROOT)) {
          return SliceIdentifier.ignore();
        }
        String topLevel = javaClass.getName().split("\\$")[0];
        return above.contains(topLevel) ? SliceIdentifier.ignore() : SliceIdentifier.of(topLevel);
      }

      @Override
      public String getDescription() {
        return "the classes of io.mcjcache below the provider, manager and cache";
      }
    };
  }

  /** One slice per package of the provider, the root package {@code io.mcjcache} included. */
  private static SliceAssignment providerPackages() {
    return new SliceAssignment() {
      @Override
      public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
        String packageName = javaClass.getPackageName();
        if (packageName.equals(ROOT)) {
          return SliceIdentifier.of(ROOT);
        }
        if (packageName.startsWith(ROOT + ".")) {
          return SliceIdentifier.of(ROOT + "." + packageName.substring(ROOT.length() + 1).split("\\.")[0]);
        }
        return SliceIdentifier.ignore();
      }

      @Override
      public String getDescription() {
        return "the packages of io.mcjcache";
      }
    };
  }

  // ---- the core module ----

  @ArchTest
  static final ArchRule coreKnowsNothingOfTheProvider = noClasses()
      .that().resideInAnyPackage(ROUTING, HEALTH, TRANSPORT, CLUSTER, CONFIG)
      .should().dependOnClassesThat(resideInAnyPackage(ROOT, CODEC, NEAR, EVENT, EXPIRY, PROCESSOR, INTEGRATION,
          MANAGEMENT, AGENT, JCACHE))
      .because("the core module (routing, health, transport, cluster, config) is JCache-free, so that the agent"
          + " and the local proxy build on it without the JCache API; the provider depends on it, never the"
          + " other way (docs/architecture.md, \"Modules\")");

  /** The core module's test helpers come as a test jar: they are tests, not the architecture. */
  static final class DoNotIncludeTestJars implements ImportOption {
    @Override
    public boolean includes(Location location) {
      return !location.contains("-tests.jar") && !location.contains("/test-classes/");
    }
  }
}
