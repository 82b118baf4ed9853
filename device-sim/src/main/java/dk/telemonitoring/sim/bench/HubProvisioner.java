package dk.telemonitoring.sim.bench;

import dk.telemonitoring.sim.json.JsonText;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Registers the bench's devices with the hub so their readings are stored rather than quarantined.
 *
 * <p>The hub's bulk provisioning call: {@code POST {hubUrl}/api/v1/service/provision} with the same
 * JSON document {@code provision-list} prints: {@code {"clinic": "...", "patients": [{"patient",
 * "patientId", "condition"}], "devices": [{"deviceId", "kind", "patient", "patientId"}]}},
 * idempotent (re-provisioning an existing device is not an error), with the hub's service token as
 * bearer token.
 */
public final class HubProvisioner {
  public static final String PATH = "/api/v1/service/provision";
  private final String hubUrl;
  private final String token;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public HubProvisioner(String hubUrl, String token) {
    this.hubUrl = hubUrl.endsWith("/") ? hubUrl.substring(0, hubUrl.length() - 1) : hubUrl;
    this.token = token;
  }

  /**
   * Outcome for the bench report: never throws, because a bench against a pre-provisioned hub must
   * still run.
   */
  public record Result(boolean ok, int status, String detail) {}

  public Result provision(String clinic, List<String> deviceIds, long seed) {
    List<java.util.UUID> patients = new ArrayList<>();
    for (int i = 0; i < deviceIds.size(); i++) {
      patients.add(patientId(seed, i));
    }
    return post(PATH, document(clinic, deviceIds, patients, "bench-patient-"));
  }

  /** Fresh patients, one per device (the alert samples of one run). */
  Result provision(
      String clinic, List<String> deviceIds, List<java.util.UUID> patientIds, String namePrefix) {
    return post(PATH, document(clinic, deviceIds, patientIds, namePrefix));
  }

  /** POST of a JSON document with the service token. */
  Result post(String path, Map<String, Object> document) {
    String body = JsonText.write(document);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(hubUrl + path))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null && !token.isBlank()) {
      request.header("Authorization", "Bearer " + token);
    }
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      boolean ok = response.statusCode() / 100 == 2;
      String text = response.body();
      return new Result(
          ok, response.statusCode(), text.length() > 200 ? text.substring(0, 200) : text);
    } catch (Exception e) {
      return new Result(false, 0, e.toString());
    }
  }

  /**
   * One synthetic patient per device, as in the clinic (an oximeter belongs to one patient): triage
   * serialises per patient, so one patient for every device would make triage, not ingest, the
   * thing measured.
   */
  static Map<String, Object> document(
      String clinic, List<String> deviceIds, List<java.util.UUID> patientIds, String namePrefix) {
    List<Object> patients = new ArrayList<>();
    List<Object> devices = new ArrayList<>();
    for (int i = 0; i < deviceIds.size(); i++) {
      String patientId = patientIds.get(i).toString();
      Map<String, Object> patient = new LinkedHashMap<>();
      patient.put("patient", namePrefix + i);
      patient.put("patientId", patientId);
      patient.put("condition", "copd");
      patients.add(patient);
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("deviceId", deviceIds.get(i));
      d.put("kind", "oximeter");
      d.put("patient", namePrefix + i);
      d.put("patientId", patientId);
      devices.add(d);
    }
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("clinic", clinic);
    doc.put("patients", patients);
    doc.put("devices", devices);
    return doc;
  }

  static java.util.UUID patientId(long seed, int index) {
    return new java.util.UUID(seed, 0xBE4C0000L + index);
  }
}
