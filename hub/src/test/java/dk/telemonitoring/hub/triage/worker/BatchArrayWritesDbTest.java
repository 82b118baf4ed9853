package dk.telemonitoring.hub.triage.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.alerts.domain.Level;
import dk.telemonitoring.hub.triage.Explanation;
import dk.telemonitoring.hub.triage.Finding;
import dk.telemonitoring.hub.triage.RuleState;
import dk.telemonitoring.hub.triage.TriageOutcome;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A batch writes its results and rule states in one statement over arrays each ({@link
 * TriageSql#insertResults}, {@link TriageSql#saveRuleStates}); they must store what one statement
 * per row stored: every column as given (inputs as JSON, empty times as null), a result already
 * stored kept as first written, and of two states of one rule the later.
 */
class BatchArrayWritesDbTest extends TriageDbFixture {

  @Test
  void resultsAreStoredColumnForColumnAndAStoredResultIsKept() throws Exception {
    Map<String, Object> inputs = new LinkedHashMap<>();
    inputs.put("value", 88.5);
    inputs.put("limit", "red_low");
    Finding low =
        new Finding(
            "limit.spo2",
            3,
            Level.RED,
            inputs,
            new Explanation("SpO2 88.5 % is below 90 %", "SpO2 88,5 % er under 90 %"),
            true);
    Finding pulse =
        new Finding(
            "news2.pulse", 1, Level.GREEN, Map.of(), new Explanation("Pulse 72", "Puls 72"), false);
    TriageOutcome first =
        new TriageOutcome(NOW, Level.RED, List.of(low, pulse), false, true, false, false);
    List<Tuple> rows =
        new ArrayList<>(TriageSql.resultTuples(patient, "ox-1", "m-1", NOW, first, true));
    // The same message again with another level: the stored rows stay as first written.
    TriageOutcome again =
        new TriageOutcome(NOW, Level.GREEN, List.of(pulse), false, false, false, false);
    rows.addAll(TriageSql.resultTuples(patient, "ox-1", "m-1", NOW, again, false));

    await(pool.withTransaction(tx -> TriageSql.insertResults(tx, rows)));

    assertThat(count("SELECT count(*) FROM triage_results WHERE patient_id = '" + patient + "'"))
        .isEqualTo(2);
    assertThat(
            text(
                "SELECT concat_ws('|', level, message_level, rule_version, inputs->>'value', inputs->>'limit',"
                    + " explanation_en, explanation_da, decisive, passive, repeat_requested, late, measured_at = '"
                    + NOW
                    + "') FROM triage_results WHERE msg_id = 'm-1' AND rule_id = 'limit.spo2'"))
        .isEqualTo(
            "RED|RED|3|88.5|red_low|SpO2 88.5 % is below 90 %|SpO2 88,5 % er under 90 %|t|f|t|t|t");
    assertThat(
            text(
                "SELECT concat_ws('|', level, message_level, inputs::text, decisive, late) FROM triage_results"
                    + " WHERE msg_id = 'm-1' AND rule_id = 'news2.pulse'"))
        .isEqualTo("GREEN|RED|{}|f|t");
  }

  @Test
  void ofTwoStatesOfOneRuleTheLaterIsSavedAndEmptyTimesStayEmpty() throws Exception {
    Instant later = NOW.plusSeconds(60);
    RuleState opened =
        new RuleState("limit.spo2", Level.RED, 0, Level.GREEN, NOW, NOW, 0, Level.GREEN);
    RuleState lowering =
        new RuleState("limit.spo2", Level.RED, 1, Level.YELLOW, NOW, later, 0, Level.GREEN);
    RuleState none = RuleState.none("news2.pulse");
    List<Tuple> rows = new ArrayList<>(TriageSql.ruleStateTuples(patient, List.of(opened, none)));
    rows.addAll(TriageSql.ruleStateTuples(patient, List.of(lowering)));

    await(pool.withTransaction(tx -> TriageSql.saveRuleStates(tx, rows)));

    assertThat(
            text(
                "SELECT concat_ws('|', level, lower_streak, lower_level, opened_at = '"
                    + NOW
                    + "', last_at = '"
                    + later
                    + "') FROM triage_rule_state WHERE patient_id = '"
                    + patient
                    + "' AND rule_id = 'limit.spo2'"))
        .isEqualTo("RED|1|YELLOW|t|t");
    assertThat(
            text(
                "SELECT concat_ws('|', level, opened_at IS NULL, last_at IS NULL) FROM triage_rule_state"
                    + " WHERE patient_id = '"
                    + patient
                    + "' AND rule_id = 'news2.pulse'"))
        .isEqualTo("GREEN|t|t");
  }
}
