package dk.telemonitoring.hub.store;

import static dk.telemonitoring.hub.store.OneOximeterDatabase.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.sqlclient.Pool;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A committed batch says whether it marked an outbox row for the critical lane, as the database
 * marked it: the hub wakes the lane on that alone. So a reading at a patient's own stricter
 * CRITICAL limit, which the ingest's screen does not see, still wakes it, and a batch of ordinary
 * readings or of a re-sent critical one does not.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BatchMarksForTheLaneDbTest {

  private static final String DEVICE = "ox-marks-1";

  @Test
  void theBatchReportsTheMarkTheDatabaseSet() throws Exception {
    UUID ordinary = UUID.randomUUID();
    UUID stricter = UUID.randomUUID();
    try (OneOximeterDatabase store =
        new OneOximeterDatabase("marks", DEVICE, List.of(ordinary, stricter))) {
      Pool pool = store.pool(1);
      stricterCriticalLimit(store, stricter, 90.0);
      Instant t = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(600);

      Written normal =
          write(
              pool,
              List.of(store.spo2("n-1", 95, t, ordinary), store.spo2("n-2", 89, t, ordinary)));
      Written ownLimit = write(pool, List.of(store.spo2("o-1", 89, t, stricter)));
      Written screened = write(pool, List.of(store.spo2("s-1", 80, t, ordinary)));
      Written resent = write(pool, List.of(store.spo2("s-1", 80, t, ordinary)));

      assertThat(normal.markedCritical()).as("89 %% without a stricter limit").isFalse();
      assertThat(normal.outcomes()).containsOnly(WriteOutcome.STORED);
      assertThat(ownLimit.markedCritical()).as("89 %% against the patient's 90 %%").isTrue();
      assertThat(screened.markedCritical()).as("80 %%, beyond the floor").isTrue();
      assertThat(resent.outcomes()).containsExactly(WriteOutcome.DUPLICATE);
      assertThat(resent.markedCritical()).as("nothing new to mark").isFalse();
    }
  }

  private static Written write(Pool pool, List<WriteItem> items) throws Exception {
    return await(pool.withTransaction(tx -> BatchSql.write(tx, items)));
  }

  private static void stricterCriticalLimit(OneOximeterDatabase store, UUID patient, double low)
      throws Exception {
    store.execute(
        "INSERT INTO patient_limits (patient_id, code, critical_low, author, reason, set_at)"
            + " VALUES (?, 'spo2', ?, 'dr-test', 'low reserve', now())",
        patient,
        low);
  }
}
