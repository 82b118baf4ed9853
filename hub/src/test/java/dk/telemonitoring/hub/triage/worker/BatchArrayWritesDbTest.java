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
 * TriageResultRows#insert}, {@link TriageSql#saveRuleStates}); they must store what one statement
 * per row stored, as the view {@code triage_findings} gives it back: every column as given (inputs
 * as JSON, empty times as null), a result already stored kept as first written, and of two states
 * of one rule the later.
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
    Finding pulse = finding("news2.pulse", 1, Level.GREEN, Map.of(), "Pulse 72", "Puls 72");
    TriageOutcome first =
        new TriageOutcome(NOW, Level.RED, List.of(low, pulse), false, true, false, false);
    store(new TriageResultRows.Message(patient, "ox-1", "m-1", NOW, first, true));
    // The same message triaged again (more of its readings came later), with another level and a
    // rule not seen before: the stored findings stay as first written, the new one is added.
    Finding temperature =
        finding("news2.temperature", 1, Level.GREEN, Map.of(), "Temperature 37", "Temperatur 37");
    TriageOutcome again =
        new TriageOutcome(
            NOW, Level.GREEN, List.of(pulse, temperature), false, false, false, false);
    store(new TriageResultRows.Message(patient, "ox-1", "m-1", NOW, again, false));

    assertThat(count("SELECT count(*) FROM triage_findings WHERE patient_id = '" + patient + "'"))
        .isEqualTo(3);
    assertThat(count("SELECT count(DISTINCT id) FROM triage_findings WHERE msg_id = 'm-1'"))
        .as("every finding has an id of its own")
        .isEqualTo(3);
    assertThat(
            text(
                "SELECT concat_ws('|', level, message_level, rule_version, inputs->>'value', inputs->>'limit',"
                    + " explanation_en, explanation_da, decisive, passive, repeat_requested, late, measured_at = '"
                    + NOW
                    + "') FROM triage_findings WHERE msg_id = 'm-1' AND rule_id = 'limit.spo2'"))
        .isEqualTo(
            "RED|RED|3|88.5|red_low|SpO2 88.5 % is below 90 %|SpO2 88,5 % er under 90 %|t|f|t|t|t");
    assertThat(
            text(
                "SELECT concat_ws('|', level, message_level, rule_version, inputs::text, explanation_en,"
                    + " explanation_da, decisive, passive, repeat_requested, late) FROM triage_findings"
                    + " WHERE msg_id = 'm-1' AND rule_id = 'news2.pulse'"))
        .isEqualTo("GREEN|RED|1|{}|Pulse 72|Puls 72|f|f|t|t");
    assertThat(
            text(
                "SELECT concat_ws('|', level, message_level, decisive, late) FROM triage_findings"
                    + " WHERE msg_id = 'm-1' AND rule_id = 'news2.temperature'"))
        .isEqualTo("GREEN|GREEN|f|f");
  }

  @Test
  void aMessagesGreenFindingsBesideItsDecidingOneAreFoldedIntoItsRow() throws Exception {
    Finding aggregate =
        finding("news2.aggregate", 2, Level.YELLOW, Map.of("total", 1), "pNEWS2 1", "pNEWS2 1");
    Finding spo2 = finding("limit.spo2", 3, Level.GREEN, Map.of("value", 95.0), "ok", "ok");
    Finding pulse = finding("limit.pulse", 3, Level.GREEN, Map.of("value", 72.0), "ok", "ok");
    TriageOutcome outcome =
        new TriageOutcome(
            NOW, Level.YELLOW, List.of(spo2, aggregate, pulse), false, false, false, false);
    TriageOutcome allGreen =
        new TriageOutcome(NOW, Level.GREEN, List.of(spo2, pulse), false, false, false, false);
    store(
        new TriageResultRows.Message(patient, "ox-1", "m-2", NOW, outcome, false),
        new TriageResultRows.Message(patient, "ox-1", "m-3", NOW, allGreen, false));

    assertThat(count("SELECT count(*) FROM triage_results WHERE msg_id = 'm-2'"))
        .as("one row for the message")
        .isEqualTo(1);
    assertThat(
            text(
                "SELECT string_agg(rule_id || ':' || level || ':' || decisive || ':' || (inputs->>'value'),"
                    + " ',' ORDER BY rule_id) FROM triage_findings WHERE msg_id = 'm-2'"))
        .isEqualTo("limit.pulse:GREEN:false:72.0,limit.spo2:GREEN:false:95.0");
    assertThat(
            text(
                "SELECT rule_id || ':' || decisive FROM triage_findings WHERE msg_id = 'm-2'"
                    + " AND level = 'YELLOW'"))
        .isEqualTo("news2.aggregate:true");
    assertThat(count("SELECT count(*) FROM triage_results WHERE msg_id = 'm-3'"))
        .as("the first GREEN finding decides an all-GREEN message and carries the other")
        .isEqualTo(1);
    assertThat(count("SELECT count(*) FROM triage_findings WHERE msg_id = 'm-3'")).isEqualTo(2);
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

  private void store(TriageResultRows.Message... messages) throws Exception {
    await(pool.withTransaction(tx -> TriageResultRows.insert(tx, List.of(messages))));
  }

  private static Finding finding(
      String rule, int version, Level level, Map<String, Object> inputs, String en, String da) {
    return new Finding(rule, version, level, inputs, new Explanation(en, da), false);
  }
}
