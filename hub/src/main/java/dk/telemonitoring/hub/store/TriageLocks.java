package dk.telemonitoring.hub.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.UUID;

/**
 * A patient's triage lock, a transaction-level advisory lock: two hubs never triage one patient at
 * once, and whatever changes what triage reads of a patient (status, prescription, erasure) takes
 * it too, so that the change falls between two triage batches, never inside one. The key is written
 * here only, so that every holder locks the same thing.
 */
public final class TriageLocks {

  /** The advisory lock's second key: the triage lock's space, apart from any other. */
  private static final int SPACE = 7301;

  private static final String PREFIX = "triage:";

  /** One patient's lock over JDBC; its one parameter is {@link #key}. */
  public static final String ONE_JDBC =
      "SELECT pg_advisory_xact_lock(hashtextextended(?, " + SPACE + "))";

  private static final String ONE =
      "SELECT pg_advisory_xact_lock(hashtextextended($1, " + SPACE + "))";

  /**
   * Many patients' locks, in the order of the array given (callers sort by id as text, the one
   * global order every multi-patient holder uses, so that two holders cannot deadlock). One
   * statement: the function scan yields the array in its order and the lock, a volatile function,
   * is evaluated after the sort by ordinality ({@code PatientBatchLocksDbTest} holds them to it).
   */
  public static final String ALL =
      "SELECT pg_advisory_xact_lock(hashtextextended('"
          + PREFIX
          + "' || t.p, "
          + SPACE
          + "))\nFROM unnest($1::text[]) WITH ORDINALITY AS t(p, i) ORDER BY t.i";

  private TriageLocks() {}

  /** The lock's key for a patient, for {@link #ONE_JDBC}. */
  public static String key(UUID patientId) {
    return PREFIX + patientId;
  }

  /** Waits for the patient's lock, held until {@code tx}'s transaction ends. */
  public static Future<Void> patient(SqlClient tx, UUID patientId) {
    return tx.preparedQuery(ONE).execute(Tuple.of(key(patientId))).mapEmpty();
  }

  /** Waits for every patient's lock, in the order given (see {@link #ALL}). */
  public static Future<Void> patients(SqlClient tx, List<UUID> sortedPatients) {
    if (sortedPatients.size() == 1) return patient(tx, sortedPatients.get(0));
    String[] ids = sortedPatients.stream().map(UUID::toString).toArray(String[]::new);
    return tx.preparedQuery(ALL).execute(Tuple.of(ids)).mapEmpty();
  }
}
