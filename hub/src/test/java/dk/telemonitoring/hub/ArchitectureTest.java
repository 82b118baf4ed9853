package dk.telemonitoring.hub;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.vertx.sqlclient.SqlClient;

/**
 * The hub's layering as rules the build checks: no package cycles; domain code without Vert.x;
 * {@code app} on top (wiring only, nobody depends on it); configuration and access at the bottom.
 */
@AnalyzeClasses(
    packages = {"dk.telemonitoring.hub", "dk.telemonitoring.alerts"},
    importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  /**
   * No package cycles. The engine that puts the standard rules together lives above both the rules
   * and the triage types they implement ({@code triage.engine -> triage.rules -> triage}).
   */
  @ArchTest
  static final ArchRule noPackageCycles =
      slices().matching("dk.telemonitoring.(**)").should().beFreeOfCycles();

  @ArchTest
  static final ArchRule domainWithoutVertx =
      noClasses()
          .that()
          .resideInAnyPackage(
              "dk.telemonitoring.hub.reading",
              "dk.telemonitoring.hub.triage",
              "dk.telemonitoring.hub.triage.engine",
              "dk.telemonitoring.hub.triage.rules",
              "dk.telemonitoring.hub.triage.schedule",
              "dk.telemonitoring.alerts.domain")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("io.vertx..");

  /**
   * The hub calls the alerts module's facades (AlertService, OnCallPlans, AlertReads), never its
   * store.
   */
  @ArchTest
  static final ArchRule hubOutsideTheWiringStaysOutOfTheAlertsStore =
      noClasses()
          .that()
          .resideInAPackage("dk.telemonitoring.hub..")
          .and()
          .resideOutsideOfPackage("dk.telemonitoring.hub.app..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("dk.telemonitoring.alerts.store..");

  @ArchTest
  static final ArchRule nothingDependsOnApp =
      noClasses()
          .that()
          .resideOutsideOfPackage("dk.telemonitoring.hub.app..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("dk.telemonitoring.hub.app..");

  /**
   * HTTP handlers check the caller, read the request and shape the answer; the SQL they need lives
   * in store classes (and the alerts module's queries), where it can be found, reused and tested.
   */
  @ArchTest
  static final ArchRule apiRunsNoSql =
      noClasses()
          .that()
          .resideInAPackage("dk.telemonitoring.hub.api..")
          .should()
          .callMethodWhere(runsSql())
          .as("api classes run no SQL");

  @ArchTest static final ArchRule configAtTheBottom = bottomLayer("config");

  @ArchTest static final ArchRule accessAtTheBottom = bottomLayer("access");

  private static DescribedPredicate<JavaMethodCall> runsSql() {
    return DescribedPredicate.describe(
        "SqlClient.query or preparedQuery",
        call ->
            (call.getName().equals("query") || call.getName().equals("preparedQuery"))
                && call.getTargetOwner().isAssignableTo(SqlClient.class));
  }

  /** A package of the hub that uses no other hub package (libraries and the JDK only). */
  private static ArchRule bottomLayer(String name) {
    String own = "dk.telemonitoring.hub." + name + "..";
    return noClasses()
        .that()
        .resideInAPackage(own)
        .should()
        .dependOnClassesThat(
            resideInAPackage("dk.telemonitoring..").and(not(resideInAPackage(own))))
        .as("hub." + name + " depends on no other package of the project");
  }
}
