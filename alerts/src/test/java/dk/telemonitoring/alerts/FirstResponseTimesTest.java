package dk.telemonitoring.alerts;

import static dk.telemonitoring.alerts.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.alerts.domain.AdviceInstruction;
import dk.telemonitoring.alerts.domain.AlertSignal;
import dk.telemonitoring.alerts.domain.AlertState;
import dk.telemonitoring.alerts.domain.Level;
import dk.telemonitoring.alerts.query.ResponseTimeReads;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A response time counts from when the alert reached the level it has to its first acknowledgement
 * since. A YELLOW alert raised to CRITICAL 8 minutes after it opened, acknowledged a minute after
 * the raise, was answered in 1 minute at CRITICAL: not 9 (from its opening), and not 11 (the
 * doctor's acknowledgement with her advice, after the nurse sent her the alert). The board, today's
 * overview and the clinic's figures count it alike.
 */
@ExtendWith(VertxExtension.class)
@Timeout(120)
class FirstResponseTimesTest {

  private static final String CLINIC = "resp";
  @RegisterExtension static final ClassDatabase db = new ClassDatabase();
  private static Pool pool;
  private static AlertService service;
  private static final MutableClock clock = new MutableClock(Instant.parse("2026-03-03T10:00:00Z"));

  @BeforeAll
  static void setUp() throws Exception {
    pool = db.pool(4);
    service = new AlertService(pool, AlertsConfig.defaults(), clock);
  }

  @Test
  void aRaisedAlertIsAnsweredFromItsRaiseByItsFirstAcknowledgement() {
    Instant opened = clock.instant();
    UUID patient = UUID.randomUUID();
    UUID alert = raise(patient, Level.YELLOW).alertId();
    clock.advance(Duration.ofMinutes(8));
    Instant raised = clock.instant();
    raise(patient, Level.CRITICAL);
    clock.advance(Duration.ofMinutes(1));
    await(service.acknowledge(alert, "nurse-1", null));
    clock.advance(Duration.ofMinutes(1));
    await(service.escalate(alert, "nurse-1", "vil du se på hende?"));
    clock.advance(Duration.ofMinutes(1));
    await(service.advise(alert, "dr-1", "Lars Berg", AdviceInstruction.CALL_PATIENT_NOW, null));
    assertThat(await(service.get(alert)).state()).isEqualTo(AlertState.ACKNOWLEDGED);

    // A RED alert acknowledged once, 10 minutes after it opened, is counted as before.
    UUID plain = raise(UUID.randomUUID(), Level.RED).alertId();
    Instant plainOpened = clock.instant();
    clock.advance(Duration.ofMinutes(10));
    await(service.acknowledge(plain, "nurse-1", null));

    ResponseTimeReads reads = new ResponseTimeReads();
    var first = await(reads.firstResponses(pool, List.of(alert, plain)));
    assertThat(first.get(alert).levelAt()).isEqualTo(raised);
    assertThat(first.get(alert).respondedAt()).isEqualTo(raised.plus(Duration.ofMinutes(1)));
    assertThat(first.get(plain).levelAt()).isEqualTo(plainOpened);
    assertThat(first.get(plain).respondedAt()).isEqualTo(plainOpened.plus(Duration.ofMinutes(10)));

    var today = await(reads.responsesSince(pool, CLINIC, opened.minusSeconds(1), clock.instant()));
    assertThat(today)
        .filteredOn(r -> r.level().equals("CRITICAL"))
        .singleElement()
        .satisfies(r -> assertThat(r.medianSecondsToResponse()).isEqualTo(60.0));
    assertThat(today)
        .filteredOn(r -> r.level().equals("RED"))
        .singleElement()
        .satisfies(r -> assertThat(r.medianSecondsToResponse()).isEqualTo(600.0));

    var figures =
        await(service.figures(CLINIC, opened.minusSeconds(1), clock.instant().plusSeconds(1), 2));
    assertThat(figures.responseTimes())
        .filteredOn(t -> t.level() == Level.CRITICAL)
        .singleElement()
        .satisfies(t -> assertThat(t.medianToAcknowledge()).isEqualTo(Duration.ofMinutes(1)));
    assertThat(figures.responseTimes())
        .filteredOn(t -> t.level() == Level.RED)
        .singleElement()
        .satisfies(t -> assertThat(t.medianToAcknowledge()).isEqualTo(Duration.ofMinutes(10)));
  }

  @Test
  void anAlertNobodyHasAcknowledgedSinceItsRaiseHasNoResponse() {
    UUID patient = UUID.randomUUID();
    UUID alert = raise(patient, Level.RED).alertId();
    clock.advance(Duration.ofMinutes(2));
    await(service.acknowledge(alert, "nurse-1", null));
    clock.advance(Duration.ofMinutes(3));
    Instant raised = clock.instant();
    raise(patient, Level.CRITICAL);
    var first = await(new ResponseTimeReads().firstResponses(pool, List.of(alert))).get(alert);
    assertThat(first.levelAt()).isEqualTo(raised);
    assertThat(first.respondedAt()).as("the acknowledgement before the raise").isNull();
  }

  private static dk.telemonitoring.alerts.domain.AlertChange raise(UUID patient, Level level) {
    AlertSignal s =
        new AlertSignal(
            CLINIC, patient, "spo2-low", level, "SpO2 at " + level, clock.instant(), "reading-1");
    return await(pool.withTransaction(tx -> service.raise(tx, s)));
  }
}
