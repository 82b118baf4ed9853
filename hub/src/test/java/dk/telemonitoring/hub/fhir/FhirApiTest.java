package dk.telemonitoring.hub.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.hub.config.DbUrl;
import dk.telemonitoring.hub.ingest.FhirObservationDecoderTest;
import dk.telemonitoring.hub.store.RegistryStore;
import dk.telemonitoring.hub.support.Devices;
import dk.telemonitoring.hub.support.Sql;
import dk.telemonitoring.hub.support.TestHub;
import dk.telemonitoring.hub.support.TestServices;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.ClinicalImpression;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * FHIR both ways through a real hub, broker and database: native readings published over MQTT come
 * back from {@code /fhir} as R4 resources that HAPI's validator accepts against the R4 structure
 * definitions and the vital-signs profiles; a FHIR Observation published over MQTT is stored and
 * triaged like a native reading.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(180)
class FhirApiTest {

  private static final String CLINIC = "fhirclinic";
  private static final String OXIMETER = "ox-fhir-1";
  private static final String CUFF = "bp-fhir-1";

  private DbUrl db;
  private TestHub hub;
  private Devices devices;
  private String topicRoot;
  private UUID patient;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  void start() {
    db = TestServices.freshDatabase(TestServices.postgres(), "fhir");
    topicRoot = TestServices.uniqueTopicRoot();
    hub = TestHub.start(TestHub.settings(db, topicRoot, "hub-fhir-" + UUID.randomUUID()));
    patient = hub.provision(CLINIC, OXIMETER, "COPD");
    RegistryStore registry = new RegistryStore(hub.hub().pool());
    registry.registerDevice(CUFF, CLINIC, "BP_CUFF", 172_800).await();
    registry.bind(CUFF, patient, Instant.now().minusSeconds(86_400), "test").await();
    devices = new Devices(topicRoot);
  }

  @AfterAll
  void stop() {
    if (devices != null) {
      devices.close();
    }
    if (hub != null) {
      hub.close();
    }
    if (db != null) {
      TestServices.dropDatabase(db, TestServices.postgres());
    }
  }

  @Test
  void aNativeReadingComesBackAsAValidVitalSignsObservation() throws Exception {
    Instant at = Instant.now().minusSeconds(120).truncatedTo(ChronoUnit.SECONDS);
    devices.publish(
        devices.readingsTopic(CLINIC, OXIMETER), Devices.spo2("fhir-native-1", at, 95, 71));
    devices.publish(
        devices.readingsTopic(CLINIC, CUFF),
        """
        {"v":1,"msgId":"fhir-native-bp","kind":"measurement","measuredAt":"%s",
         "values":[{"code":"bp_systolic","value":138,"unit":"mmHg"},{"code":"bp_diastolic","value":84,"unit":"mmHg"}]}"""
            .formatted(at.plusSeconds(5)));
    await("SELECT count(*) FROM readings WHERE msg_id IN ('fhir-native-1', 'fhir-native-bp')", 4);

    Bundle spo2 =
        search(
            "/fhir/Observation?patient=Patient/"
                + patient
                + "&code=http://loinc.org|2708-6&date=ge"
                + at.minusSeconds(1)
                + "&date=lt"
                + at.plusSeconds(1));
    assertThat(spo2.getEntry()).hasSize(1);
    assertThat(spo2.getType()).isEqualTo(Bundle.BundleType.SEARCHSET);
    Observation o = (Observation) spo2.getEntryFirstRep().getResource();
    assertValid(o);
    assertThat(o.getStatus()).isEqualTo(Observation.ObservationStatus.FINAL);
    assertThat(o.getMeta().getProfile())
        .extracting(p -> p.getValue())
        .contains(
            "http://hl7.org/fhir/StructureDefinition/vitalsigns",
            "http://hl7.org/fhir/StructureDefinition/oxygensat");
    assertThat(o.getCategoryFirstRep().getCodingFirstRep().getCode()).isEqualTo("vital-signs");
    assertThat(o.getCode().getCoding())
        .anySatisfy(
            c -> {
              assertThat(c.getSystem()).isEqualTo("http://loinc.org");
              assertThat(c.getCode()).isEqualTo("2708-6");
            });
    assertThat(o.getSubject().getReference()).isEqualTo("Patient/" + patient);
    assertThat(o.getEffectiveDateTimeType().getValue().toInstant()).isEqualTo(at);
    Quantity q = o.getValueQuantity();
    assertThat(q.getValue().doubleValue()).isEqualTo(95.0);
    assertThat(q.getSystem()).isEqualTo("http://unitsofmeasure.org");
    assertThat(q.getCode()).isEqualTo("%");

    Bundle bp =
        search(
            "/fhir/Observation?patient="
                + patient
                + "&code=85354-9&date=ge"
                + at
                + "&date=lt"
                + at.plusSeconds(10));
    assertThat(bp.getEntry()).hasSize(1);
    Observation panel = (Observation) bp.getEntryFirstRep().getResource();
    assertValid(panel);
    assertThat(panel.getCode().getCodingFirstRep().getCode()).isEqualTo("85354-9");
    assertThat(panel.hasValue()).isFalse();
    assertThat(panel.getComponent())
        .extracting(
            c -> c.getCode().getCodingFirstRep().getCode(),
            c -> c.getValueQuantity().getValue().doubleValue(),
            c -> c.getValueQuantity().getCode())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("8480-6", 138.0, "mm[Hg]"),
            org.assertj.core.groups.Tuple.tuple("8462-4", 84.0, "mm[Hg]"));

    Bundle all =
        search("/fhir/Observation?patient=" + patient + "&date=" + at.toString().substring(0, 10));
    assertThat(all.getEntry())
        .extracting(e -> ((Observation) e.getResource()).getCode().getCodingFirstRep().getCode())
        .contains("2708-6", "8867-4", "85354-9");
    for (var e : all.getEntry()) {
      assertValid(e.getResource());
    }
    Patient p = (Patient) read("/fhir/Patient/" + patient);
    assertValid(p);
    assertThat(p.getIdElement().getIdPart()).isEqualTo(patient.toString());
  }

  @Test
  void aFhirObservationPublishedOverMqttIsStoredAndTriagedLikeANativeReading() throws Exception {
    Instant at = Instant.now().minusSeconds(30).truncatedTo(ChronoUnit.SECONDS);
    // SpO2 80 %: below the CRITICAL floor, so triage raises an alert at once (no repeat first).
    devices.publish(
        devices.readingsTopic(CLINIC, OXIMETER),
        FhirObservationDecoderTest.spo2("fhir-mqtt-1", at, 80));
    devices.publish(
        devices.readingsTopic(CLINIC, CUFF),
        FhirObservationDecoderTest.bloodPressurePanel("fhir-mqtt-bp", at.plusSeconds(2), 151, 92));
    await(
        "SELECT count(*) FROM readings WHERE msg_id = 'fhir-mqtt-1' AND code = 'spo2' AND value = 80",
        1);
    await("SELECT count(*) FROM readings WHERE msg_id = 'fhir-mqtt-bp'", 2);
    await(
        "SELECT count(*) FROM triage_findings WHERE msg_id = 'fhir-mqtt-1' AND device_id = '"
            + OXIMETER
            + "'",
        1);
    await("SELECT count(*) FROM triage_findings WHERE msg_id = 'fhir-mqtt-bp'", 1);
    await("SELECT count(*) FROM alerts WHERE patient_id = '" + patient + "'", 1);
    assertThat(Sql.count(db, "SELECT count(*) FROM quarantine")).isZero();
    assertThat(
            Sql.text(
                db,
                "SELECT message_level FROM triage_findings WHERE msg_id = 'fhir-mqtt-1' AND decisive"))
        .isEqualTo("CRITICAL");

    Bundle tasks = search("/fhir/Task?patient=" + patient);
    assertThat(tasks.getEntry()).isNotEmpty();
    Task task = (Task) tasks.getEntryFirstRep().getResource();
    assertValid(task);
    assertThat(task.getCode().getCodingFirstRep().getSystem())
        .isEqualTo(Fhir.EHEALTH_TASK_CATEGORY);
    assertThat(task.getCode().getCodingFirstRep().getCode()).isEqualTo("MeasurementForAssessment");
    assertThat(task.getPriority()).isEqualTo(Task.TaskPriority.STAT);
    assertThat(task.getFor().getReference()).isEqualTo("Patient/" + patient);

    Bundle impressions = search("/fhir/ClinicalImpression?patient=" + patient);
    ClinicalImpression triage =
        impressions.getEntry().stream()
            .map(e -> (ClinicalImpression) e.getResource())
            .filter(ci -> ci.getIdentifierFirstRep().getValue().equals(OXIMETER + "/fhir-mqtt-1"))
            .findFirst()
            .orElseThrow();
    assertValid(triage);
    assertThat(triage.getCode().getCodingFirstRep().getCode()).isEqualTo("CRITICAL");
    assertThat(triage.getFinding()).isNotEmpty();
    assertThat(triage.getSummary()).isNotBlank();
  }

  @Test
  void theFhirApiNeedsTheServiceTokenAndAnswersErrorsAsOperationOutcome() throws Exception {
    HttpResponse<String> anonymous =
        http.send(
            HttpRequest.newBuilder(URI.create(hub.httpBase() + "/fhir/Patient/" + patient)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.body()).contains("\"resourceType\":\"OperationOutcome\"");
    assertThat(get("/fhir/Patient/" + UUID.randomUUID()).statusCode()).isEqualTo(404);
    HttpResponse<String> noPatient = get("/fhir/Observation?code=2708-6");
    assertThat(noPatient.statusCode()).isEqualTo(400);
    assertThat(noPatient.body()).contains("OperationOutcome");
    assertThat(get("/fhir/Observation?patient=" + patient + "&date=yesterday").statusCode())
        .isEqualTo(400);
    HttpResponse<String> metadata =
        http.send(
            HttpRequest.newBuilder(URI.create(hub.httpBase() + "/fhir/metadata")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(metadata.statusCode()).isEqualTo(200);
    assertValid(Fhir.json().parseResource(metadata.body()) instanceof Resource r ? r : null);
  }

  private void assertValid(org.hl7.fhir.instance.model.api.IBaseResource resource) {
    List<String> errors = R4Validator.errors(resource);
    assertThat(errors)
        .as("R4 validation of " + Fhir.json().setPrettyPrint(true).encodeResourceToString(resource))
        .isEmpty();
  }

  private void await(String sql, long atLeast) {
    assertThat(Sql.awaitCount(db, Duration.ofSeconds(30), n -> n >= atLeast, sql))
        .as(sql)
        .isGreaterThanOrEqualTo(atLeast);
  }

  private Bundle search(String path) throws IOException, InterruptedException {
    return (Bundle) read(path);
  }

  private Resource read(String path) throws IOException, InterruptedException {
    HttpResponse<String> response = get(path);
    assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/fhir+json"));
    return (Resource) Fhir.json().parseResource(response.body());
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create(hub.httpBase() + path.replace("|", "%7C")))
            .header("Authorization", "Bearer " + TestHub.SERVICE_TOKEN)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
