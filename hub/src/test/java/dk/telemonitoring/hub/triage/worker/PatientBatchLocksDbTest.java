package dk.telemonitoring.hub.triage.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.hub.store.TriageLocks;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A batch takes its patients' triage locks in one statement, and must take them in the order given
 * (sorted by id as text, the one order every holder of several triage locks uses), or two hubs
 * could deadlock. Another transaction holds the middle patient's lock: the batch then holds exactly
 * the patients before it and none after.
 */
class PatientBatchLocksDbTest extends TriageDbFixture {

  @Test
  void takesThePatientsLocksInTheOrderGivenAndWaitsAtAHeldOne() throws Exception {
    List<UUID> patients = new ArrayList<>();
    for (int i = 0; i < 5; i++) patients.add(UUID.randomUUID());
    patients.sort(Comparator.comparing(UUID::toString));
    UUID held = patients.get(2);

    SqlConnection holder = await(pool.getConnection());
    try {
      await(holder.query("BEGIN").execute());
      await(TriageLocks.patient(holder, held));
      Future<Void> batch = pool.withTransaction(tx -> TriageLocks.patients(tx, patients));

      long until = System.nanoTime() + 30_000_000_000L;
      while (free(patients.get(1)) && System.nanoTime() < until) {
        Thread.sleep(50);
      }
      assertThat(free(patients.get(0))).as("the first patient's lock").isFalse();
      assertThat(free(patients.get(1))).as("the second patient's lock").isFalse();
      assertThat(batch.isComplete()).as("the batch waits for the held lock").isFalse();
      assertThat(free(patients.get(3)))
          .as("the fourth patient's lock, after the held one")
          .isTrue();
      assertThat(free(patients.get(4))).as("the fifth patient's lock, after the held one").isTrue();

      await(holder.query("COMMIT").execute());
      await(batch);
    } finally {
      await(holder.close());
    }
  }

  /** Whether nobody holds the patient's triage lock (a try that releases at once). */
  private boolean free(UUID patient) throws Exception {
    return await(
            pool.preparedQuery("SELECT pg_try_advisory_xact_lock(hashtextextended($1, 7301))")
                .execute(Tuple.of("triage:" + patient)))
        .iterator()
        .next()
        .getBoolean(0);
  }
}
