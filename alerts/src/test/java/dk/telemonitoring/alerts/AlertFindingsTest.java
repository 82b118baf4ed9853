package dk.telemonitoring.alerts;

import static dk.telemonitoring.alerts.Await.await;
import static dk.telemonitoring.alerts.Await.failure;
import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.alerts.domain.Alert;
import dk.telemonitoring.alerts.domain.AlertAction;
import dk.telemonitoring.alerts.domain.AlertChange;
import dk.telemonitoring.alerts.domain.AlertConflictException;
import dk.telemonitoring.alerts.domain.AlertFinding;
import dk.telemonitoring.alerts.domain.AlertKind;
import dk.telemonitoring.alerts.domain.AlertSignal;
import dk.telemonitoring.alerts.domain.AlertState;
import dk.telemonitoring.alerts.domain.AlertTransition;
import dk.telemonitoring.alerts.domain.CareOutcome;
import dk.telemonitoring.alerts.domain.Level;
import io.vertx.core.Future;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One alert per patient: each rule's signal is a finding inside the patient's one open alert (real
 * PostgreSQL).
 */
@ExtendWith(VertxExtension.class)
@Timeout(120)
class AlertFindingsTest {

  @RegisterExtension static final ClassDatabase db = new ClassDatabase();
  private static Pool pool;
  private static Pool otherPool;
  private static AlertService service;
  private static final MutableClock clock = new MutableClock(Instant.parse("2026-02-02T10:00:00Z"));

  @BeforeAll
  static void setUp() throws Exception {
    pool = db.pool(4);
    otherPool = db.pool(4);
    service = new AlertService(pool, AlertsConfig.defaults(), clock);
  }

  private static AlertSignal signal(
      UUID patient, String rule, Level level, Map<String, Object> inputs) {
    return new AlertSignal(
        "vios",
        patient,
        rule,
        level,
        rule + " at " + level,
        rule + " på " + level,
        clock.instant(),
        "ox-1/" + rule,
        inputs);
  }

  private static AlertChange raise(Pool p, AlertSignal s) {
    return await(p.withTransaction(tx -> service.raise(tx, s)));
  }

  private static AlertChange clear(UUID patient, String rule) {
    return await(pool.withTransaction(tx -> service.clear(tx, patient, rule, clock.instant())));
  }

  private static Set<String> openRules(UUID patient) {
    return await(pool.withTransaction(tx -> service.openRules(tx, patient)));
  }

  private static List<AlertFinding> findings(UUID alertId) {
    return await(service.findings(List.of(alertId))).get(alertId);
  }

  private static long openAlerts(UUID patient) {
    return await(
            pool.preparedQuery(
                    "SELECT count(*) FROM alerts WHERE patient_id = $1 AND state <> 'RESOLVED'")
                .execute(Tuple.of(patient)))
        .iterator()
        .next()
        .getLong(0);
  }

  /** The alert's escalation timer as level/phase/generation, or "none". */
  private static String timer(UUID alertId) {
    var rows =
        await(
            pool.preparedQuery(
                    "SELECT level || '/' || phase || '/' || generation FROM escalation_timers"
                        + " WHERE alert_id = $1")
                .execute(Tuple.of(alertId)));
    return rows.size() == 0 ? "none" : rows.iterator().next().getString(0);
  }

  @Test
  void oneReadingsFindingsJoinOneAlertAtTheWorstLevel() {
    UUID patient = UUID.randomUUID();
    AlertChange spo2 =
        raise(pool, signal(patient, "limit.spo2", Level.CRITICAL, Map.of("spo2", 82)));
    AlertChange news2 =
        raise(
            pool,
            signal(
                patient,
                "news2.single",
                Level.RED,
                Map.of(
                    "score", 3, "points", Map.of("spo2", 3), "missing", List.of("temperature"))));
    AlertChange pulse =
        raise(pool, signal(patient, "limit.pulse", Level.YELLOW, Map.of("pulse", 124.0)));

    assertThat(spo2.kind()).isEqualTo(AlertChange.Kind.OPENED);
    assertThat(List.of(news2.kind(), pulse.kind())).containsOnly(AlertChange.Kind.UPDATED);
    assertThat(List.of(news2.alertId(), pulse.alertId())).containsOnly(spo2.alertId());
    assertThat(openAlerts(patient)).isEqualTo(1);
    Alert alert = await(service.get(spo2.alertId()));
    assertThat(alert.level()).isEqualTo(Level.CRITICAL);
    assertThat(alert.ruleId()).as("the rule of the worst finding").isEqualTo("limit.spo2");
    assertThat(alert.explanation()).isEqualTo("limit.spo2 at CRITICAL");
    List<AlertFinding> found = findings(spo2.alertId());
    assertThat(found)
        .extracting(AlertFinding::ruleId)
        .containsExactly("limit.spo2", "news2.single", "limit.pulse");
    assertThat(found)
        .extracting(AlertFinding::level)
        .containsExactly(Level.CRITICAL, Level.RED, Level.YELLOW);
    assertThat(found.get(2).explanationDa()).isEqualTo("limit.pulse på YELLOW");
    assertThat(found.get(2).inputs()).containsEntry("pulse", 124.0);
    assertThat(found.get(1).inputs())
        .containsEntry("points", Map.of("spo2", 3))
        .containsEntry("missing", List.of("temperature"));
    assertThat(found.get(0).readingRef()).isEqualTo("ox-1/limit.spo2");
    assertThat(found).allSatisfy(f -> assertThat(f.live()).isTrue());
    assertThat(openRules(patient))
        .containsExactlyInAnyOrder("limit.spo2", "news2.single", "limit.pulse");
  }

  @Test
  void aFindingAboveTheAlertRaisesItAsAStepOfTheSameAlertAndOneAtOrBelowPagesNothing() {
    UUID patient = UUID.randomUUID();
    UUID id = raise(pool, signal(patient, "limit.pulse", Level.RED, Map.of())).alertId();
    String armed = timer(id);
    assertThat(armed).startsWith("RED/UNACKNOWLEDGED/");

    AlertChange same = raise(pool, signal(patient, "news2.total", Level.RED, Map.of()));
    assertThat(same.kind()).isEqualTo(AlertChange.Kind.UPDATED);
    assertThat(timer(id)).as("no new page for a finding at the alert's level").isEqualTo(armed);
    await(service.acknowledge(id, "nurse-1", "calling"));

    AlertChange worse = raise(pool, signal(patient, "limit.spo2", Level.CRITICAL, Map.of()));
    assertThat(worse.kind()).isEqualTo(AlertChange.Kind.RAISED);
    assertThat(worse.alertId()).isEqualTo(id);
    String raisedTimer = timer(id);
    assertThat(raisedTimer)
        .as("escalation re-armed for CRITICAL, same alert")
        .startsWith("CRITICAL/UNACKNOWLEDGED");
    Alert raised = await(service.get(id));
    assertThat(raised.level()).isEqualTo(Level.CRITICAL);
    assertThat(raised.state()).as("back in the queue").isEqualTo(AlertState.OPEN);
    assertThat(raised.ruleId()).isEqualTo("limit.spo2");

    AlertChange lower =
        raise(pool, signal(patient, "limit.pulse", Level.RED, Map.of("pulse", 131)));
    assertThat(lower.kind()).isEqualTo(AlertChange.Kind.UPDATED);
    assertThat(timer(id)).isEqualTo(raisedTimer);
    assertThat(findings(id))
        .filteredOn(f -> f.ruleId().equals("limit.pulse"))
        .singleElement()
        .satisfies(f -> assertThat(f.inputs()).containsEntry("pulse", 131));
    assertThat(await(service.history(id)))
        .extracting(AlertTransition::action)
        .containsExactly(AlertAction.OPEN, AlertAction.ACKNOWLEDGE, AlertAction.RAISE);
    assertThat(openAlerts(patient)).isEqualTo(1);
  }

  @Test
  void theAlertClearsOnlyOnceEveryFindingHasCleared() {
    UUID patient = UUID.randomUUID();
    UUID id = raise(pool, signal(patient, "limit.pulse", Level.YELLOW, Map.of())).alertId();
    raise(pool, signal(patient, "news2.total", Level.YELLOW, Map.of()));

    assertThat(clear(patient, "limit.pulse").kind()).isEqualTo(AlertChange.Kind.UPDATED);
    assertThat(await(service.get(id)).state()).isEqualTo(AlertState.OPEN);
    assertThat(openRules(patient)).containsExactly("news2.total");
    assertThat(findings(id))
        .filteredOn(f -> f.ruleId().equals("limit.pulse"))
        .singleElement()
        .satisfies(f -> assertThat(f.live()).isFalse());
    assertThat(clear(patient, "limit.pulse").kind())
        .as("already cleared")
        .isEqualTo(AlertChange.Kind.NONE);

    assertThat(clear(patient, "news2.total").kind())
        .as("untouched YELLOW auto-resolves")
        .isEqualTo(AlertChange.Kind.AUTO_RESOLVED);
    Alert closed = await(service.get(id));
    assertThat(closed.state()).isEqualTo(AlertState.RESOLVED);
    assertThat(closed.outcome()).isNull();
    assertThat(openRules(patient)).isEmpty();
  }

  @Test
  void aRedAlertStaysForAPersonAndASnoozeUntilClearEndsWithTheLastFinding() {
    UUID red = UUID.randomUUID();
    UUID redId = raise(pool, signal(red, "news2.total", Level.RED, Map.of())).alertId();
    assertThat(clear(red, "news2.total").kind()).isEqualTo(AlertChange.Kind.CLEARED);
    assertThat(await(service.get(redId)).state()).isEqualTo(AlertState.OPEN);
    assertThat(openRules(red)).as("the cleared finding lets its rule start afresh").isEmpty();

    UUID snoozed = UUID.randomUUID();
    UUID id = raise(pool, signal(snoozed, "weight.gain", Level.YELLOW, Map.of())).alertId();
    raise(pool, signal(snoozed, "cat.rise", Level.YELLOW, Map.of()));
    await(service.acknowledge(id, "nurse-1", null));
    await(service.snoozeUntilClear(id, "nurse-1", "watching"));
    clear(snoozed, "weight.gain");
    assertThat(await(service.get(id)).state()).isEqualTo(AlertState.ACKNOWLEDGED);
    assertThat(clear(snoozed, "cat.rise").kind()).isEqualTo(AlertChange.Kind.AUTO_RESOLVED);
    assertThat(await(service.get(id)).state()).isEqualTo(AlertState.RESOLVED);
  }

  @Test
  void twoHubsOpeningForOnePatientAtOnceOpenOneAlertWithEveryFinding() {
    UUID patient = UUID.randomUUID();
    List<Future<AlertChange>> all = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      Pool p = i % 2 == 0 ? pool : otherPool;
      AlertSignal s =
          signal(patient, "rule-" + i, i == 5 ? Level.CRITICAL : Level.YELLOW, Map.of("i", i));
      all.add(p.withTransaction(tx -> service.raise(tx, s)));
    }
    await(Future.all(all));
    assertThat(all.stream().map(f -> f.result().alertId()).distinct()).hasSize(1);
    assertThat(all.stream().filter(f -> f.result().kind() == AlertChange.Kind.OPENED)).hasSize(1);
    UUID id = all.get(0).result().alertId();
    assertThat(openAlerts(patient)).isEqualTo(1);
    assertThat(await(service.get(id)).level()).isEqualTo(Level.CRITICAL);
    assertThat(findings(id)).hasSize(8);
  }

  @Test
  void aJoinAddsItsFindingToTheOpenAlertWithoutAPageAndOpensNoneWhenThereIsNone() {
    UUID patient = UUID.randomUUID();
    AlertChange none =
        await(
            pool.withTransaction(
                tx -> service.join(tx, signal(patient, "limit.spo2", Level.CRITICAL, Map.of()))));
    assertThat(none.alertId()).isNull();
    assertThat(openAlerts(patient)).isZero();

    UUID id = raise(pool, signal(patient, "limit.spo2", Level.CRITICAL, Map.of())).alertId();
    String armed = timer(id);
    AlertChange joined =
        await(
            pool.withTransaction(
                tx -> service.join(tx, signal(patient, "news2.total", Level.CRITICAL, Map.of()))));
    assertThat(joined.alertId()).isEqualTo(id);
    assertThat(timer(id)).as("escalation not re-armed: no second page").isEqualTo(armed);
    assertThat(findings(id))
        .extracting(AlertFinding::ruleId)
        .containsExactlyInAnyOrder("limit.spo2", "news2.total");

    await(service.resolve(id, "nurse-1", CareOutcome.ADVICE_BY_PHONE, null));
    await(
        pool.withTransaction(
            tx -> service.join(tx, signal(patient, "limit.pulse", Level.CRITICAL, Map.of()))));
    assertThat(openAlerts(patient)).as("a resolved alert is not opened again").isZero();
  }

  @Test
  void resolvingTheAlertEndsEveryRulesEpisodeAndTheNextSignalOpensANewAlert() {
    UUID patient = UUID.randomUUID();
    UUID id = raise(pool, signal(patient, "limit.spo2", Level.CRITICAL, Map.of())).alertId();
    raise(pool, signal(patient, "limit.pulse", Level.YELLOW, Map.of()));
    await(service.resolve(id, "nurse-1", CareOutcome.ADVICE_BY_PHONE, null));
    assertThat(openRules(patient)).isEmpty();

    AlertChange next = raise(pool, signal(patient, "limit.spo2", Level.CRITICAL, Map.of()));
    assertThat(next.kind()).isEqualTo(AlertChange.Kind.OPENED);
    assertThat(next.alertId()).isNotEqualTo(id);
    assertThat(findings(next.alertId()))
        .extracting(AlertFinding::ruleId)
        .containsExactly("limit.spo2");
    assertThat(failure(service.reopen(id, "nurse-1", null)))
        .isInstanceOf(AlertConflictException.class);
  }

  /**
   * A second "call me" leads with the patient's newest words and keeps the earlier ones: the first
   * request may be the clinical one ("short of breath"), the second about something else.
   */
  @Test
  void aSecondCallMeLeadsWithTheNewestWordsAndKeepsTheEarlierOnes() {
    UUID patient = UUID.randomUUID();
    UUID id =
        await(
                pool.withTransaction(
                    tx -> service.contactRequest(tx, "vios", patient, "short of breath")))
            .alertId();
    clock.advance(java.time.Duration.ofMinutes(5));
    AlertChange again =
        await(
            pool.withTransaction(
                tx -> service.contactRequest(tx, "vios", patient, "much worse now")));
    assertThat(again.alertId()).isEqualTo(id);
    Alert alert = await(service.get(id));
    assertThat(alert.kind()).isEqualTo(AlertKind.CONTACT_REQUEST);
    assertThat(alert.explanation())
        .isEqualTo(
            AlertService.CONTACT_REQUEST_WORDING
                + ": much worse now. Earlier in this alert: short of breath");
    assertThat(alert.explanationDa())
        .isEqualTo(
            AlertService.CONTACT_REQUEST_WORDING_DA
                + ": much worse now. Tidligere i samme alarm: short of breath");
    assertThat(findings(id))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.explanation()).isEqualTo(alert.explanation());
              assertThat(f.inputs()).containsEntry("text", "much worse now");
              assertThat(f.inputs()).containsEntry("earlier", List.of("short of breath"));
            });
    assertThat(
            await(service.history(id)).stream()
                .filter(t -> t.action() == AlertAction.NOTE)
                .map(AlertTransition::note))
        .as("the note is the request's own words")
        .containsExactly(AlertService.CONTACT_REQUEST_WORDING + ": much worse now");

    // A reading's finding in the same case: the contact finding is updated, the alert keeps the
    // worse reading.
    raise(pool, signal(patient, "limit.spo2", Level.CRITICAL, Map.of()));
    await(pool.withTransaction(tx -> service.contactRequest(tx, "vios", patient, "third call")));
    assertThat(await(service.get(id)).explanation()).isEqualTo("limit.spo2 at CRITICAL");
    assertThat(findings(id))
        .filteredOn(f -> f.ruleId().equals(AlertService.CONTACT_REQUEST_RULE))
        .singleElement()
        .satisfies(
            f ->
                assertThat(f.explanationDa())
                    .isEqualTo(
                        AlertService.CONTACT_REQUEST_WORDING_DA
                            + ": third call. Tidligere i samme alarm: much worse now;"
                            + " short of breath"));
  }
}
