package dk.telemonitoring.hub.store;

import dk.telemonitoring.alerts.domain.NotificationMessage;
import dk.telemonitoring.alerts.domain.PatientLabel;
import dk.telemonitoring.alerts.notify.PatientLabels;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * How pages name the hub's patients ({@code patients}, {@code clinic_paging}), and the audit row of
 * each page delivered or given up on. The name only where the clinic opted in ({@code
 * clinic_paging.names_in_pages}); otherwise the clinic's alias for the patient or, without one, the
 * initials ("Jens Hansen" pages as "J.H.").
 */
public final class PatientLabelStore implements PatientLabels {

  /** The audit action of a delivered page. */
  public static final String PAGE_DISCLOSED = "page.disclosed";

  /** The audit action of a page given up on. */
  public static final String PAGE_NOT_DELIVERED = "page.not-delivered";

  private final Pool pool;

  public PatientLabelStore(Pool pool) {
    this.pool = pool;
  }

  @Override
  public Future<Map<UUID, PatientLabel>> labels(Collection<UUID> patientIds) {
    return pool.preparedQuery(
            """
            SELECT p.id, p.display_name, p.page_alias, p.condition, coalesce(c.names_in_pages, false) AS names,
              k.timezone
            FROM patients p JOIN clinics k ON k.id = p.clinic_id LEFT JOIN clinic_paging c ON c.clinic_id = p.clinic_id
            WHERE p.id = ANY($1)""")
        .execute(Tuple.of(patientIds.toArray(new UUID[0])))
        .map(
            rows -> {
              Map<UUID, PatientLabel> out = new HashMap<>();
              for (Row r : rows) {
                out.put(
                    r.getUUID("id"),
                    label(
                        r.getString("display_name"),
                        r.getString("page_alias"),
                        r.getBoolean("names"),
                        r.getString("condition"),
                        zone(r.getString("timezone"))));
              }
              return out;
            });
  }

  /**
   * One row per delivered page: a page discloses the patient (label, findings) to its recipient.
   * Written by the system, so the user columns name the paging and the recipient stands in the
   * target.
   */
  @Override
  public Future<Void> disclosed(NotificationMessage page) {
    return record(PAGE_DISCLOSED, page);
  }

  /** One row per page given up on, as for a delivered one: an attempt may have reached them. */
  @Override
  public Future<Void> notDelivered(NotificationMessage page) {
    return record(PAGE_NOT_DELIVERED, page);
  }

  private Future<Void> record(String action, NotificationMessage page) {
    String target =
        page.personId()
            + " by "
            + page.channel()
            + " ("
            + (page.patient().isName() ? "name" : "pseudonym")
            + ")";
    return pool.preparedQuery(
            """
            INSERT INTO audit_log (user_id, user_email, user_role, action, patient_id, clinic_id, target, method, path)
            VALUES (NULL, 'system', 'SYSTEM', $1, $2, $3, $4, 'PAGE', $5)""")
        .execute(
            Tuple.of(
                action, page.patientId(), page.clinicId(), target, "/alerts/" + page.alertId()))
        .mapEmpty();
  }

  /** Whether the clinic's pages name its patients (false when the clinic never chose). */
  public Future<Boolean> namesInPages(String clinicId) {
    return pool.preparedQuery("SELECT names_in_pages FROM clinic_paging WHERE clinic_id = $1")
        .execute(Tuple.of(clinicId))
        .map(rows -> rows.size() > 0 && rows.iterator().next().getBoolean(0));
  }

  /**
   * Sets how the clinic's pages name its patients, on {@code client} (the change's transaction).
   */
  public Future<Void> setNamesInPages(SqlClient client, String clinicId, boolean names) {
    return client
        .preparedQuery(
            """
            INSERT INTO clinic_paging (clinic_id, names_in_pages) VALUES ($1, $2)
            ON CONFLICT (clinic_id) DO UPDATE SET names_in_pages = EXCLUDED.names_in_pages, updated_at = now()""")
        .execute(Tuple.of(clinicId, names))
        .mapEmpty();
  }

  static PatientLabel label(
      String name, String alias, boolean namesInPages, String condition, ZoneId zone) {
    String shown =
        namesInPages ? name : alias != null && !alias.isBlank() ? alias.strip() : initials(name);
    return new PatientLabel(
        shown, namesInPages, conditionDa(condition), conditionEn(condition), zone);
  }

  /**
   * A clinic's zone that does not parse shows the page's times in UTC (named as such) rather than
   * failing it.
   */
  private static ZoneId zone(String id) {
    try {
      return ZoneId.of(id);
    } catch (RuntimeException e) {
      return ZoneOffset.UTC;
    }
  }

  /** "Jens Ole Hansen" -> "J.O.H."; letters only, so no more of the name than its initials. */
  static String initials(String name) {
    StringBuilder b = new StringBuilder();
    for (String part : name.strip().split("[\\s-]+")) {
      if (!part.isEmpty() && Character.isLetter(part.codePointAt(0))) {
        b.appendCodePoint(Character.toUpperCase(part.codePointAt(0))).append('.');
      }
    }
    return b.isEmpty() ? "patient" : b.toString();
  }

  private static String conditionDa(String condition) {
    return switch (condition.toUpperCase(Locale.ROOT)) {
      case "COPD" -> "KOL";
      case "FIBROSIS" -> "lungefibrose";
      case "AATD" -> "alfa-1-antitrypsinmangel";
      case "HEART_FAILURE" -> "hjertesvigt";
      default -> null;
    };
  }

  private static String conditionEn(String condition) {
    return switch (condition.toUpperCase(Locale.ROOT)) {
      case "COPD" -> "COPD";
      case "FIBROSIS" -> "pulmonary fibrosis";
      case "AATD" -> "alpha-1 antitrypsin deficiency";
      case "HEART_FAILURE" -> "heart failure";
      default -> null;
    };
  }
}
