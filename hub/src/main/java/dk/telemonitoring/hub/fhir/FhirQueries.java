package dk.telemonitoring.hub.fhir;

import dk.telemonitoring.alerts.query.AlertReads;
import dk.telemonitoring.hub.fhir.FhirResources.AlertRow;
import dk.telemonitoring.hub.fhir.FhirResources.NurseTaskRow;
import dk.telemonitoring.hub.fhir.FhirResources.PatientRow;
import dk.telemonitoring.hub.fhir.FhirResources.ReadingRow;
import dk.telemonitoring.hub.fhir.FhirResources.TriageRow;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** What the FHIR API reads of a patient, as the rows {@link FhirResources} turns into resources. */
final class FhirQueries {

  private final Pool pool;
  private final AlertReads alertReads = new AlertReads();

  FhirQueries(Pool readPool) {
    this.pool = readPool;
  }

  Future<Optional<PatientRow>> patient(UUID id) {
    return pool.preparedQuery(
            """
            SELECT p.id, p.clinic_id, c.name, p.display_name, p.condition, p.language
            FROM patients p JOIN clinics c ON c.id = p.clinic_id WHERE p.id = $1""")
        .execute(Tuple.of(id))
        .map(
            rows -> {
              if (rows.size() == 0) {
                return Optional.empty();
              }
              Row r = rows.iterator().next();
              return Optional.of(
                  new PatientRow(
                      r.getUUID(0),
                      r.getString(1),
                      r.getString(2),
                      r.getString(3),
                      r.getString(4),
                      r.getString(5)));
            });
  }

  /**
   * The patient's readings measured in [from, to), newest first, of the stored codes given (all
   * when null).
   */
  Future<List<ReadingRow>> readings(
      UUID patient, List<String> codes, Instant from, Instant to, int limit) {
    return pool.preparedQuery(
            """
            SELECT patient_id, device_id, msg_id, code, value, measured_at, received_at, flags FROM readings
            WHERE patient_id = $1 AND ($2::text[] IS NULL OR code = ANY($2)) AND measured_at >= $3 AND measured_at < $4
            ORDER BY measured_at DESC, device_id, msg_id, code LIMIT $5""")
        .execute(
            Tuple.of(
                patient,
                codes == null ? null : codes.toArray(String[]::new),
                from.atOffset(ZoneOffset.UTC),
                to.atOffset(ZoneOffset.UTC),
                limit))
        .map(
            rows -> {
              List<ReadingRow> list = new ArrayList<>();
              for (Row r : rows) {
                list.add(
                    new ReadingRow(
                        r.getUUID(0),
                        r.getString(1),
                        r.getString(2),
                        r.getString(3),
                        r.getDouble(4),
                        r.getOffsetDateTime(5).toInstant(),
                        r.getOffsetDateTime(6).toInstant(),
                        new HashSet<>(List.of(r.getArrayOfStrings(7)))));
              }
              return list;
            });
  }

  Future<List<AlertRow>> alerts(UUID patient) {
    return alertReads
        .ofPatient(pool, patient, 1000)
        .map(
            rows ->
                rows.stream()
                    .map(
                        a ->
                            new AlertRow(
                                a.id(),
                                a.patientId(),
                                a.kind(),
                                a.ruleId(),
                                a.level(),
                                a.state(),
                                a.explanation(),
                                a.openedAt(),
                                a.responseDeadline(),
                                a.updatedAt(),
                                a.acknowledgedBy(),
                                a.outcome()))
                    .toList());
  }

  Future<List<NurseTaskRow>> nurseTasks(UUID patient) {
    return pool.preparedQuery(
            """
            SELECT id, patient_id, kind, status, text_en, opened_at, updated_at
            FROM nurse_tasks WHERE patient_id = $1 ORDER BY opened_at DESC LIMIT 1000""")
        .execute(Tuple.of(patient))
        .map(
            rows -> {
              List<NurseTaskRow> out = new ArrayList<>();
              for (Row r : rows) {
                out.add(
                    new NurseTaskRow(
                        r.getLong(0),
                        r.getUUID(1),
                        r.getString(2),
                        r.getString(3),
                        r.getString(4),
                        instant(r, 5),
                        instant(r, 6)));
              }
              return out;
            });
  }

  /**
   * The triage results of the patient's latest {@code count} messages, newest first, by message.
   * The outer {@code patient_id} is redundant but lets the view's folded findings be found by the
   * patient's index instead of a scan of all.
   */
  Future<List<List<TriageRow>>> triageByMessage(UUID patient, int count) {
    return pool.preparedQuery(
            """
            SELECT patient_id, device_id, msg_id, measured_at, level, message_level, rule_id, rule_version,
                   explanation_en, decisive, created_at
            FROM triage_findings
            WHERE patient_id = $1 AND (device_id, msg_id) IN (
              SELECT device_id, msg_id FROM triage_results WHERE patient_id = $1
              GROUP BY device_id, msg_id ORDER BY max(measured_at) DESC LIMIT $2)
            ORDER BY measured_at DESC, device_id, msg_id, id""")
        .execute(Tuple.of(patient, count))
        .map(
            rows -> {
              Map<String, List<TriageRow>> byMessage = new LinkedHashMap<>();
              for (Row r : rows) {
                TriageRow t =
                    new TriageRow(
                        r.getUUID(0),
                        r.getString(1),
                        r.getString(2),
                        instant(r, 3),
                        r.getString(4),
                        r.getString(5),
                        r.getString(6),
                        r.getInteger(7),
                        r.getString(8),
                        r.getBoolean(9),
                        instant(r, 10));
                byMessage
                    .computeIfAbsent(t.deviceId() + "\n" + t.msgId(), k -> new ArrayList<>())
                    .add(t);
              }
              return List.copyOf(byMessage.values());
            });
  }

  private static Instant instant(Row r, int i) {
    OffsetDateTime t = r.getOffsetDateTime(i);
    return t == null ? null : t.toInstant();
  }
}
