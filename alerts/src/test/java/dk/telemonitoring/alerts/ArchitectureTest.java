package dk.telemonitoring.alerts;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The alerts module's layering: no package cycles, a domain without Vert.x, and nothing of the hub.
 */
@AnalyzeClasses(
    packages = "dk.telemonitoring.alerts",
    importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule noPackageCycles =
      slices().matching("dk.telemonitoring.(**)").should().beFreeOfCycles();

  @ArchTest
  static final ArchRule domainWithoutVertx =
      noClasses()
          .that()
          .resideInAPackage("dk.telemonitoring.alerts.domain..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("io.vertx..");

  @ArchTest
  static final ArchRule aLibraryOfItsOwn =
      noClasses()
          .that()
          .resideInAPackage("dk.telemonitoring.alerts..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("dk.telemonitoring.hub..");
}
