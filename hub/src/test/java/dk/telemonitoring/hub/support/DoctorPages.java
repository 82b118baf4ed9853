package dk.telemonitoring.hub.support;

import dk.telemonitoring.hub.config.DbUrl;
import java.time.Duration;
import java.util.UUID;

/**
 * The pages a person got about a patient, counted as the person meets them: one per escalation
 * step, however many channels carried it.
 */
public final class DoctorPages {

  private DoctorPages() {}

  public static long about(DbUrl db, UUID patient, String person) {
    // dedup_key is alert:generation:phase:step:repeat:person:channel; a step is all but the channel
    // (and person).
    return Sql.count(
        db,
        "SELECT count(DISTINCT (n.alert_id, split_part(n.dedup_key, ':', 2),"
            + " split_part(n.dedup_key, ':', 3), split_part(n.dedup_key, ':', 4), split_part(n.dedup_key, ':', 5)))"
            + " FROM notifications n JOIN alerts a ON a.id = n.alert_id WHERE a.patient_id = ? AND n.person_id = ?",
        patient,
        person);
  }

  /** {@link #about} once it reaches {@code expected}, or its count after 15 s. */
  public static long awaitAbout(DbUrl db, UUID patient, String person, long expected) {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    long n;
    do {
      n = about(db, patient, person);
      if (n >= expected) return n;
      Sql.sleep(100);
    } while (System.nanoTime() < deadline);
    return n;
  }
}
