package dk.telemonitoring.hub.triage.worker;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A batch's results and rule states, written in one batched statement each just before the outbox
 * rows are deleted, in the same transaction: nothing in the batch reads them back (each patient is
 * triaged once per batch, under its advisory lock), so one round trip per table replaces one per
 * message and one per patient.
 */
final class BatchWrites {
  final UUID stamp;
  final List<TriageResultRows.Message> results = new ArrayList<>();
  final List<Tuple> states = new ArrayList<>();
  final List<UUID> patients = new ArrayList<>();
  final List<PatientBatchSql.Window> windows = new ArrayList<>();
  final Set<String> claimedRefs = new HashSet<>();
  final Map<UUID, Instant> triagedUpTo = new HashMap<>();

  /**
   * The batch's patients with a reading waiting for its repeat, read at load, added to as asked.
   */
  final Set<UUID> awaitingRepeat = new HashSet<>();

  BatchHistories.Read read;

  BatchWrites(UUID stamp) {
    this.stamp = stamp;
  }

  Future<Void> flush(SqlConnection tx) {
    return TriageResultRows.insert(tx, results)
        .compose(v -> TriageSql.saveRuleStates(tx, states))
        .compose(v -> PatientBatchSql.saveStamps(tx, patients, stamp));
  }

  /** The batch committed: its patients' memory moves on with the stamp it wrote. */
  void remember(BatchHistories histories) {
    if (read != null) histories.remember(read, windows, stamp, claimedRefs, triagedUpTo);
  }

  /** The batch may or may not have committed. */
  void forget(BatchHistories histories) {
    histories.forget(windows);
  }
}
