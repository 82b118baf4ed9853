package dk.telemonitoring.alerts;

import static dk.telemonitoring.alerts.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.alerts.domain.Alert;
import dk.telemonitoring.alerts.domain.AlertAction;
import dk.telemonitoring.alerts.domain.AlertChange;
import dk.telemonitoring.alerts.domain.AlertFinding;
import dk.telemonitoring.alerts.domain.AlertSignal;
import dk.telemonitoring.alerts.domain.AlertState;
import dk.telemonitoring.alerts.domain.AlertTransition;
import dk.telemonitoring.alerts.domain.Level;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A further reading no worse than the patient's open alert joins it in one statement (the path of
 * every reading of a patient whose alert stays open for days): what that statement writes to the
 * alert and its finding, on real PostgreSQL, and that it leaves the alert's level, state, deadline,
 * history and timer alone.
 */
@ExtendWith(VertxExtension.class)
@Timeout(120)
class FurtherReadingsOfAnOpenAlertTest {

  @RegisterExtension static final ClassDatabase db = new ClassDatabase();
  private static Pool pool;
  private static AlertService service;
  private static final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T08:00:00Z"));
  private static final Instant T0 = clock.instant();

  @BeforeAll
  static void setUp() {
    pool = db.pool(2);
    service = new AlertService(pool, AlertsConfig.defaults(), clock);
  }

  private static AlertChange reading(
      UUID patient, String rule, Level level, String words, Instant measuredAt, String ref) {
    return await(
        pool.withTransaction(
            tx ->
                service.raise(
                    tx,
                    new AlertSignal(
                        "vios",
                        patient,
                        rule,
                        level,
                        words,
                        words + " (da)",
                        measuredAt,
                        ref,
                        Map.of("value", words)))));
  }

  private static AlertFinding finding(UUID alertId, String rule) {
    return await(service.findings(java.util.List.of(alertId))).get(alertId).stream()
        .filter(f -> f.ruleId().equals(rule))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void theAlertShowsItsRulesNewestReadingAndKeepsEverythingAPersonOrAPageDependsOn() {
    UUID patient = UUID.randomUUID();
    AlertChange opened = reading(patient, "limit.spo2", Level.RED, "SpO2 87 %", T0, "ox-1/m1");
    UUID id = opened.alertId();
    Alert before = await(service.get(id));
    clock.advance(Duration.ofMinutes(10));

    AlertChange same =
        reading(patient, "limit.spo2", Level.RED, "SpO2 86 %", T0.plusSeconds(300), "ox-1/m2");
    assertThat(same)
        .isEqualTo(
            new AlertChange(AlertChange.Kind.UPDATED, id, Level.RED, Level.RED, AlertState.OPEN));
    Alert after = await(service.get(id));
    assertThat(after.explanation()).isEqualTo("SpO2 86 %");
    assertThat(after.explanationDa()).isEqualTo("SpO2 86 % (da)");
    assertThat(after.readingRef()).isEqualTo("ox-1/m2");
    assertThat(after.lastMeasuredAt()).isEqualTo(T0.plusSeconds(300));
    assertThat(after)
        .as("level, state, deadline and who holds it are a person's or escalation's")
        .isEqualTo(
            before.toBuilder()
                .explanation("SpO2 86 %")
                .explanationDa("SpO2 86 % (da)")
                .readingRef("ox-1/m2")
                .lastMeasuredAt(T0.plusSeconds(300))
                .build());
    AlertFinding spo2 = finding(id, "limit.spo2");
    assertThat(spo2.firstMeasuredAt()).isEqualTo(T0);
    assertThat(spo2.lastMeasuredAt()).isEqualTo(T0.plusSeconds(300));
    assertThat(spo2.inputs()).containsEntry("value", "SpO2 86 %");

    reading(patient, "limit.pulse", Level.YELLOW, "pulse 118", T0.plusSeconds(360), "ox-1/m3");
    Alert otherRule = await(service.get(id));
    assertThat(otherRule.explanation())
        .as("another rule's lower finding does not reword the alert")
        .isEqualTo("SpO2 86 %");
    assertThat(otherRule.readingRef()).isEqualTo("ox-1/m2");
    assertThat(otherRule.lastMeasuredAt()).isEqualTo(T0.plusSeconds(360));
    assertThat(finding(id, "limit.pulse").level()).isEqualTo(Level.YELLOW);

    reading(patient, "limit.spo2", Level.RED, "SpO2 88 %", T0.plusSeconds(60), null);
    Alert late = await(service.get(id));
    assertThat(late.lastMeasuredAt())
        .as("a late reading does not move the newest measurement back")
        .isEqualTo(T0.plusSeconds(360));
    assertThat(late.readingRef())
        .as("a reading without a reference keeps the last")
        .isEqualTo("ox-1/m2");
    assertThat(finding(id, "limit.spo2").lastMeasuredAt()).isEqualTo(T0.plusSeconds(300));

    assertThat(await(service.history(id)))
        .as("joining pages nobody and writes no history")
        .extracting(AlertTransition::action)
        .containsExactly(AlertAction.OPEN);
  }

  @Test
  void aReadingAfterEveryFindingClearedMakesTheConditionLiveAgain() {
    UUID patient = UUID.randomUUID();
    UUID id = reading(patient, "limit.spo2", Level.RED, "SpO2 87 %", T0, "ox-2/m1").alertId();
    await(
        pool.withTransaction(tx -> service.clear(tx, patient, "limit.spo2", T0.plusSeconds(600))));
    assertThat(await(service.get(id)).conditionClearedAt())
        .as("a RED alert stays for a person once its condition clears")
        .isNotNull();

    AlertChange again =
        reading(patient, "limit.spo2", Level.YELLOW, "SpO2 91 %", T0.plusSeconds(900), "ox-2/m2");
    assertThat(again.kind()).isEqualTo(AlertChange.Kind.UPDATED);
    assertThat(again.alertId()).isEqualTo(id);
    Alert live = await(service.get(id));
    assertThat(live.conditionClearedAt()).isNull();
    assertThat(live.level())
        .as("the level never drops while the alert is open")
        .isEqualTo(Level.RED);
    AlertFinding spo2 = finding(id, "limit.spo2");
    assertThat(spo2.live()).isTrue();
    assertThat(spo2.level()).isEqualTo(Level.YELLOW);
    assertThat(spo2.firstMeasuredAt())
        .as("a cleared finding live again starts from this reading")
        .isEqualTo(T0.plusSeconds(900));
  }

  @Test
  void aWorseReadingStillRaisesTheAlert() {
    UUID patient = UUID.randomUUID();
    UUID id = reading(patient, "limit.spo2", Level.YELLOW, "SpO2 91 %", T0, "ox-3/m1").alertId();

    AlertChange worse =
        reading(patient, "limit.spo2", Level.RED, "SpO2 87 %", T0.plusSeconds(60), "ox-3/m2");

    assertThat(worse.kind()).isEqualTo(AlertChange.Kind.RAISED);
    assertThat(worse.alertId()).isEqualTo(id);
    assertThat(await(service.get(id)).level()).isEqualTo(Level.RED);
  }
}
