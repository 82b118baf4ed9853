package dk.telemonitoring.hub.app;

import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.hub.api.ApiClient;
import dk.telemonitoring.hub.config.DbUrl;
import dk.telemonitoring.hub.config.Setting;
import dk.telemonitoring.hub.store.SchemaSetup;
import dk.telemonitoring.hub.support.Sql;
import dk.telemonitoring.hub.support.TestHub;
import dk.telemonitoring.hub.support.TestServices;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * With {@code HUB_DB_READ_URL} set, the clinic overview and the FHIR read API read the replica and
 * everything else the primary. The "replica" here is a second database whose rows differ from the
 * primary's (no streaming replication on this machine), so each answer shows which database it came
 * from.
 */
class ReadReplicaTest {

  private static final String CLINIC = "replica-clinic";
  private static final String PASSWORD = "replica test password";

  @Test
  void theOverviewAndFhirReadTheReplicaWhileThePatientListReadsThePrimary() throws Exception {
    DbUrl server = TestServices.postgres();
    DbUrl primary = TestServices.freshDatabase(server, "rprimary");
    DbUrl replica = TestServices.freshDatabase(server, "rreplica");
    try {
      SchemaSetup.migrate(replica, true);
      ClinicLoop.migrate(replica);
      Map<Setting, String> settings =
          TestHub.settings(
              primary, TestServices.uniqueTopicRoot(), "hub-replica-" + UUID.randomUUID());
      settings.put(Setting.DB_READ_URL, TestHub.postgresUrl(replica));
      try (TestHub hub = TestHub.start(settings)) {
        for (DbUrl db : new DbUrl[] {primary, replica}) {
          Sql.exec(
              db,
              "INSERT INTO clinics (id, name, timezone) VALUES (?, 'Replica clinic', 'Europe/Copenhagen')",
              CLINIC);
        }
        UUID onPrimary = patient(primary, "Only on the primary");
        UUID onReplica = patient(replica, "Only on the replica");
        patient(replica, "Also only on the replica");
        ApiClient.createUser(
            hub.httpBase(), TestHub.SERVICE_TOKEN, "nurse@replica.test", PASSWORD, "nurse", CLINIC);
        ApiClient nurse = ApiClient.loggedIn(hub.httpBase(), "nurse@replica.test", PASSWORD);

        assertThat(
                new JsonObject(nurse.get("/api/v1/overview?clinic=" + CLINIC + "&days=30").body())
                    .getInteger("enrolled"))
            .as("the overview counts the replica's patients")
            .isEqualTo(2);
        assertThat(nurse.get("/api/v1/patients").body())
            .as("the patient list is the primary's")
            .contains(onPrimary.toString())
            .doesNotContain(onReplica.toString());
        assertThat(fhir(hub, "/fhir/Patient/" + onReplica).statusCode()).isEqualTo(200);
        assertThat(fhir(hub, "/fhir/Patient/" + onPrimary).statusCode()).isEqualTo(404);
        assertThat(
                Sql.count(primary, "SELECT count(*) FROM audit_log WHERE action = 'overview.read'"))
            .as("the read is audited on the primary")
            .isEqualTo(1);
      }
    } finally {
      TestServices.dropDatabase(replica, server);
      TestServices.dropDatabase(primary, server);
    }
  }

  private static UUID patient(DbUrl db, String name) {
    UUID id = UUID.randomUUID();
    Sql.exec(
        db,
        "INSERT INTO patients (id, clinic_id, display_name, condition, language, enrolled_at) VALUES (?, ?, ?, 'COPD', 'da', ?)",
        id,
        CLINIC,
        name,
        Instant.now().minus(10, ChronoUnit.DAYS).atOffset(ZoneOffset.UTC));
    return id;
  }

  private static HttpResponse<String> fhir(TestHub hub, String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(hub.httpBase() + path))
                .header("Authorization", "Bearer " + TestHub.SERVICE_TOKEN)
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }
}
