package dk.telemonitoring.hub.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Patients as the patient list and the patient page show them: enrolment, the clinic's care facts
 * (contact nurse, municipality, equality facts, the year before enrolment) and the newest reading.
 */
public final class PatientCareRecords {

  /** A patient with their care facts; {@code lastReadingAt} only in lists (last 30 days). */
  public record PatientRecord(
      UUID id,
      String clinicId,
      String displayName,
      String condition,
      String language,
      Instant enrolledAt,
      String municipality,
      boolean noOwnGp,
      boolean livesAlone,
      boolean needsTabletHelp,
      UUID contactNurseId,
      String contactNurseName,
      Instant lastReadingAt) {}

  /**
   * The patient page's record: the patient's phone and date of birth (the doctor's alert page calls
   * and ages the patient with them), who last changed the care facts, and the year before
   * enrolment.
   */
  public record CareRecord(
      PatientRecord patient,
      String phone,
      LocalDate birthDate,
      String updatedBy,
      String updatedByName,
      Instant updatedAt,
      Integer acuteContactsYearBefore,
      Integer bedDaysYearBefore) {}

  /** The care facts an admin or nurse sets; {@code updatedBy} is her login e-mail. */
  public record CareChange(
      UUID patientId,
      String phone,
      LocalDate birthDate,
      UUID contactNurseId,
      String municipality,
      boolean noOwnGp,
      boolean livesAlone,
      boolean needsTabletHelp,
      String updatedBy,
      Integer acuteContactsYearBefore,
      Integer bedDaysYearBefore) {}

  private static final String LIST =
      """
      SELECT p.id, p.clinic_id, p.display_name, p.condition, p.language, p.enrolled_at,
             c.municipality, coalesce(c.no_own_gp, false), coalesce(c.lives_alone, false),
             coalesce(c.needs_tablet_help, false), n.id, n.display_name,
             (SELECT max(r.measured_at) FROM readings r WHERE r.patient_id = p.id AND r.measured_at > now() - interval '30 days')
      FROM patients p LEFT JOIN patient_care c ON c.patient_id = p.id LEFT JOIN app_users n ON n.id = c.contact_nurse_id
      """;

  private PatientCareRecords() {}

  /** The patients of these clinics, by name. */
  public static Future<List<PatientRecord>> inClinics(SqlClient client, List<String> clinics) {
    return client
        .preparedQuery(LIST + " WHERE p.clinic_id = ANY($1) ORDER BY p.display_name")
        .execute(Tuple.of((Object) clinics.toArray(String[]::new)))
        .map(PatientCareRecords::records);
  }

  /** The patients a relative follows with consent not withdrawn, by name. */
  public static Future<List<PatientRecord>> ofRelative(SqlClient client, UUID relativeUserId) {
    return client
        .preparedQuery(
            LIST
                + """
            WHERE p.id IN (SELECT patient_id FROM patient_relatives WHERE user_id = $1 AND withdrawn_at IS NULL)
            ORDER BY p.display_name""")
        .execute(Tuple.of(relativeUserId))
        .map(PatientCareRecords::records);
  }

  /** One patient with the care facts' history; empty for an unknown id. */
  public static Future<Optional<CareRecord>> withCare(SqlClient client, UUID patientId) {
    return client
        .preparedQuery(
            """
            SELECT p.id, p.clinic_id, p.display_name, p.condition, p.language, p.enrolled_at,
                   c.municipality, coalesce(c.no_own_gp, false), coalesce(c.lives_alone, false),
                   coalesce(c.needs_tablet_help, false), n.id, n.display_name, c.updated_by, c.updated_at,
                   c.acute_contacts_year_before, c.bed_days_year_before, u.display_name, p.phone, p.birth_date
            FROM patients p LEFT JOIN patient_care c ON c.patient_id = p.id LEFT JOIN app_users n ON n.id = c.contact_nurse_id
              LEFT JOIN app_users u ON u.email = c.updated_by
            WHERE p.id = $1""")
        .execute(Tuple.of(patientId))
        .map(
            rs -> {
              if (rs.size() == 0) {
                return Optional.empty();
              }
              Row r = rs.iterator().next();
              return Optional.of(
                  new CareRecord(
                      record(r, null),
                      r.getString(17),
                      r.getLocalDate(18),
                      r.getString(12),
                      r.getString(16),
                      instant(r.getOffsetDateTime(13)),
                      r.getInteger(14),
                      r.getInteger(15)));
            });
  }

  /** Whether the user is an active nurse of the clinic (one a patient may have as contact). */
  public static Future<Boolean> isActiveNurseOf(SqlClient client, UUID userId, String clinic) {
    return client
        .preparedQuery(
            """
            SELECT 1 FROM app_users u JOIN app_user_clinics c ON c.user_id = u.id
            WHERE u.id = $1 AND u.role = 'NURSE' AND u.active AND c.clinic_id = $2""")
        .execute(Tuple.of(userId, clinic))
        .map(rs -> rs.size() == 1);
  }

  /** Stores the care facts, replacing earlier ones; call in a transaction (two statements). */
  public static Future<Void> saveCare(SqlClient client, CareChange c) {
    return client
        .preparedQuery("UPDATE patients SET phone = $2, birth_date = $3 WHERE id = $1")
        .execute(Tuple.of(c.patientId(), c.phone(), c.birthDate()))
        .compose(v -> upsertCare(client, c));
  }

  private static Future<Void> upsertCare(SqlClient client, CareChange c) {
    return client
        .preparedQuery(
            """
            INSERT INTO patient_care (patient_id, contact_nurse_id, municipality, no_own_gp, lives_alone, needs_tablet_help,
                                      updated_by, acute_contacts_year_before, bed_days_year_before)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
            ON CONFLICT (patient_id) DO UPDATE SET contact_nurse_id = EXCLUDED.contact_nurse_id,
              municipality = EXCLUDED.municipality, no_own_gp = EXCLUDED.no_own_gp, lives_alone = EXCLUDED.lives_alone,
              needs_tablet_help = EXCLUDED.needs_tablet_help, updated_by = EXCLUDED.updated_by, updated_at = now(),
              acute_contacts_year_before = EXCLUDED.acute_contacts_year_before,
              bed_days_year_before = EXCLUDED.bed_days_year_before""")
        .execute(
            Tuple.tuple()
                .addUUID(c.patientId())
                .addUUID(c.contactNurseId())
                .addString(c.municipality())
                .addBoolean(c.noOwnGp())
                .addBoolean(c.livesAlone())
                .addBoolean(c.needsTabletHelp())
                .addString(c.updatedBy())
                .addInteger(c.acuteContactsYearBefore())
                .addInteger(c.bedDaysYearBefore()))
        .mapEmpty();
  }

  private static List<PatientRecord> records(RowSet<Row> rs) {
    List<PatientRecord> out = new ArrayList<>();
    rs.forEach(r -> out.add(record(r, instant(r.getOffsetDateTime(12)))));
    return out;
  }

  private static PatientRecord record(Row r, Instant lastReadingAt) {
    return new PatientRecord(
        r.getUUID(0),
        r.getString(1),
        r.getString(2),
        r.getString(3),
        r.getString(4),
        instant(r.getOffsetDateTime(5)),
        r.getString(6),
        r.getBoolean(7),
        r.getBoolean(8),
        r.getBoolean(9),
        r.getUUID(10),
        r.getString(11),
        lastReadingAt);
  }

  private static Instant instant(OffsetDateTime t) {
    return t == null ? null : t.toInstant();
  }

  /**
   * A patient enrolled during part of a period, with their care facts: days enrolled within the
   * period (enrolment to its end), and whether still enrolled at the period's end.
   */
  public record EnrolledInPeriod(
      UUID id,
      String municipality,
      boolean noOwnGp,
      boolean livesAlone,
      boolean needsTabletHelp,
      double daysEnrolled,
      Integer acuteContactsYearBefore,
      Integer bedDaysYearBefore,
      boolean enrolledAtEnd) {}

  /** The clinic's patients enrolled at some time in [from, to). */
  public static Future<List<EnrolledInPeriod>> enrolledIn(
      SqlClient client, String clinic, Instant from, Instant to) {
    return client
        .preparedQuery(
            """
            SELECT p.id, c.municipality, coalesce(c.no_own_gp, false), coalesce(c.lives_alone, false),
                   coalesce(c.needs_tablet_help, false),
                   extract(epoch FROM (least($3, p.enrolment_ended_at) - greatest(p.enrolled_at, $2)))::float8 / 86400.0,
                   c.acute_contacts_year_before, c.bed_days_year_before,
                   p.enrolment_ended_at IS NULL OR p.enrolment_ended_at > $3
            FROM patients p LEFT JOIN patient_care c ON c.patient_id = p.id
            WHERE p.clinic_id = $1 AND p.enrolled_at < $3
              AND (p.enrolment_ended_at IS NULL OR p.enrolment_ended_at > $2)""")
        .execute(Tuple.of(clinic, from.atOffset(ZoneOffset.UTC), to.atOffset(ZoneOffset.UTC)))
        .map(
            rs -> {
              List<EnrolledInPeriod> out = new ArrayList<>();
              rs.forEach(
                  r ->
                      out.add(
                          new EnrolledInPeriod(
                              r.getUUID(0),
                              r.getString(1),
                              r.getBoolean(2),
                              r.getBoolean(3),
                              r.getBoolean(4),
                              r.getDouble(5),
                              r.getInteger(6),
                              r.getInteger(7),
                              r.getBoolean(8))));
              return out;
            });
  }
}
