package io.mcjcache.agent;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.mcjcache.EnvelopeExpiry;

/**
 * The agent is assembled from parts that do not know it: the core's cluster store and settings, the
 * provider's envelope expiry (to keep the caches' TTLs when it moves their items) and the proxy's public
 * entry points. It never reaches into the JCache API or the provider's JCache layer (docs/architecture.md).
 */
@AnalyzeClasses(packages = "io.mcjcache.agent", importOptions = ImportOption.DoNotIncludeTests.class)
class AgentArchitectureTest {
  @ArchTest
  static final ArchRule agentIsBuiltFromTheStoreAndTheProxy = classes()
      .that().resideInAPackage("io.mcjcache.agent..")
      .should().onlyDependOnClassesThat(resideInAnyPackage("io.mcjcache.agent..", "io.mcjcache.cluster..",
          "io.mcjcache.config..", "io.mcjcache.proxy..", "java..")
          .or(belongToAnyOf(EnvelopeExpiry.class)))
      .because("the host's agent is built from the same cluster store as the provider (RoutedClusterStore"
          + ".openAgent) and the proxy's public entry points, and must not depend on the JCache API"
          + " (docs/architecture.md; io/mcjcache/agent/package-info.java)");
}
