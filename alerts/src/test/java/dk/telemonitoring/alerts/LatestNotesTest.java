package dk.telemonitoring.alerts;

import static dk.telemonitoring.alerts.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.alerts.query.LatestNotes;
import io.vertx.sqlclient.Pool;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The board's "Notat" is a member of staff's newest note, on a real PostgreSQL. A patient's second
 * "call me" is also recorded as a note, but its words are already the alert's finding, and the
 * patient is no colleague: shown as a note it read "(patient, …)" on a Danish screen.
 */
@Timeout(60)
class LatestNotesTest {

  private static final MutableClock clock =
      new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
  @RegisterExtension static final ClassDatabase db = new ClassDatabase();
  private static Pool pool;

  @BeforeAll
  static void setUp() throws Exception {
    pool = db.pool(2);
  }

  @Test
  void onlyAStaffMembersNoteIsTheNewestNote() {
    AlertService service = new AlertService(pool, AlertsConfig.defaults(), clock);
    UUID patient = UUID.randomUUID();
    UUID alertId =
        await(
                pool.withTransaction(
                    tx -> service.contactRequest(tx, "notes", patient, "I am more breathless")))
            .alertId();
    clock.advance(java.time.Duration.ofMinutes(1));
    await(pool.withTransaction(tx -> service.contactRequest(tx, "notes", patient, "please call")));
    LatestNotes notes = new LatestNotes();

    assertThat(await(notes.of(pool, List.of(alertId))))
        .as("the patient's own words are the finding, not a colleague's note")
        .isEmpty();

    clock.advance(java.time.Duration.ofMinutes(1));
    await(service.addNote(alertId, "nurse-1", "Ringer om ti minutter"));
    clock.advance(java.time.Duration.ofMinutes(1));
    await(pool.withTransaction(tx -> service.contactRequest(tx, "notes", patient, "still bad")));

    Map<UUID, LatestNotes.Note> found = await(notes.of(pool, List.of(alertId)));
    assertThat(found.get(alertId).text()).isEqualTo("Ringer om ti minutter");
    assertThat(found.get(alertId).actorId()).isEqualTo("nurse-1");
    assertThat(found.get(alertId).toDoctor()).isFalse();
  }

  @Test
  void aNursesWordsHandingTheAlertToTheDoctorAreTheNewestNoteUntilANewerNote() {
    AlertService service = new AlertService(pool, AlertsConfig.defaults(), clock);
    UUID alertId =
        await(
                pool.withTransaction(
                    tx -> service.contactRequest(tx, "notes", UUID.randomUUID(), "breathless")))
            .alertId();
    LatestNotes notes = new LatestNotes();
    clock.advance(java.time.Duration.ofMinutes(1));
    await(service.addNote(alertId, "nurse-1", "Ringer om ti minutter"));
    clock.advance(java.time.Duration.ofMinutes(1));
    await(service.escalate(alertId, "nurse-2", "SpO2 91 %, mere forpustet. Vil du se på ham?"));

    LatestNotes.Note handOver = await(notes.of(pool, List.of(alertId))).get(alertId);
    assertThat(handOver.text()).isEqualTo("SpO2 91 %, mere forpustet. Vil du se på ham?");
    assertThat(handOver.actorId()).isEqualTo("nurse-2");
    assertThat(handOver.toDoctor()).isTrue();

    clock.advance(java.time.Duration.ofMinutes(1));
    await(service.addNote(alertId, "nurse-1", "Lægen ringer tilbage"));
    LatestNotes.Note after = await(notes.of(pool, List.of(alertId))).get(alertId);
    assertThat(after.text()).isEqualTo("Lægen ringer tilbage");
    assertThat(after.toDoctor()).isFalse();
  }
}
