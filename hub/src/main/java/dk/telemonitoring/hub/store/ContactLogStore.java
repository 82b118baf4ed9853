package dk.telemonitoring.hub.store;

import static dk.telemonitoring.hub.store.SqlTimes.utc;

import dk.telemonitoring.alerts.domain.CareOutcome;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The contact log ({@code patient_contacts}): contacts a nurse or doctor had with a patient by
 * phone, video or a home visit, with the care-ladder outcome. Keyed by the client's id, so a form
 * sent twice is stored once. Rows are never changed.
 */
public final class ContactLogStore {

  /** How the clinic reached the patient. */
  public enum Channel {
    PHONE,
    VIDEO,
    HOME_VISIT
  }

  /** One logged contact; {@code loggedByName} is the author's display name where known. */
  public record Contact(
      UUID id,
      UUID patientId,
      String clinicId,
      Channel channel,
      Instant contactedAt,
      int durationMinutes,
      String summary,
      CareOutcome outcome,
      UUID resolvedAlertId,
      String loggedBy,
      String loggedByName,
      Instant loggedAt) {}

  /** The outcomes the clinic counts as an acute contact (CareOutcome#isAcuteContact). */
  static final String[] ACUTE =
      Arrays.stream(CareOutcome.values())
          .filter(CareOutcome::isAcuteContact)
          .map(Enum::name)
          .toArray(String[]::new);

  private static final String SELECT =
      """
      SELECT c.id, c.patient_id, c.clinic_id, c.channel, c.contacted_at, c.duration_minutes, c.summary, c.outcome,
             c.resolved_alert_id, c.logged_by, u.display_name, c.logged_at
      FROM patient_contacts c LEFT JOIN app_users u ON u.email = c.logged_by
      """;

  private final Pool pool;

  public ContactLogStore(Pool pool) {
    this.pool = pool;
  }

  /**
   * Stores the contact unless one with its id exists; returns the stored row (the earlier one for a
   * repeated id), or null when the id belongs to another patient's contact.
   */
  public Future<Contact> log(Contact c) {
    return pool.preparedQuery(
            """
            INSERT INTO patient_contacts (id, patient_id, clinic_id, channel, contacted_at, duration_minutes, summary,
                                          outcome, resolved_alert_id, logged_by)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (id) DO NOTHING""")
        .execute(
            Tuple.from(
                new Object[] {
                  c.id(),
                  c.patientId(),
                  c.clinicId(),
                  c.channel().name(),
                  utc(c.contactedAt()),
                  c.durationMinutes(),
                  c.summary(),
                  c.outcome().name(),
                  c.resolvedAlertId(),
                  c.loggedBy()
                }))
        .compose(x -> find(c.id()))
        .map(stored -> stored != null && stored.patientId().equals(c.patientId()) ? stored : null);
  }

  /** The contact with this id, or null. */
  public Future<Contact> find(UUID id) {
    return pool.preparedQuery(SELECT + " WHERE c.id = $1")
        .execute(Tuple.of(id))
        .map(rs -> rs.size() == 0 ? null : contact(rs.iterator().next()));
  }

  /** The patient's contacts, newest first. */
  public Future<List<Contact>> list(UUID patientId, int limit) {
    return pool.preparedQuery(
            SELECT + " WHERE c.patient_id = $1 ORDER BY c.contacted_at DESC, c.id DESC LIMIT $2")
        .execute(Tuple.of(patientId, limit))
        .map(
            rs -> {
              List<Contact> out = new ArrayList<>();
              rs.forEach(r -> out.add(contact(r)));
              return out;
            });
  }

  /**
   * Per patient of the clinic: logged contacts in [from, to) with an acute outcome that closed no
   * alert (a contact that closed an alert is counted with the alert's outcome). Patients without
   * one are absent.
   */
  public static Future<Map<UUID, Long>> acuteContactsPerPatient(
      SqlClient client, String clinicId, Instant from, Instant to) {
    return client
        .preparedQuery(
            """
            SELECT patient_id, count(*) FROM patient_contacts
            WHERE clinic_id = $1 AND contacted_at >= $2 AND contacted_at < $3
              AND outcome = ANY($4) AND resolved_alert_id IS NULL
            GROUP BY patient_id""")
        .execute(Tuple.of(clinicId, utc(from), utc(to), ACUTE))
        .map(
            rs -> {
              Map<UUID, Long> out = new HashMap<>();
              rs.forEach(r -> out.put(r.getUUID(0), r.getLong(1)));
              return out;
            });
  }

  private static Contact contact(Row r) {
    return new Contact(
        r.getUUID(0),
        r.getUUID(1),
        r.getString(2),
        Channel.valueOf(r.getString(3)),
        r.getOffsetDateTime(4).toInstant(),
        r.getInteger(5),
        r.getString(6),
        CareOutcome.valueOf(r.getString(7)),
        r.getUUID(8),
        r.getString(9),
        r.getString(10),
        r.getOffsetDateTime(11).toInstant());
  }
}
