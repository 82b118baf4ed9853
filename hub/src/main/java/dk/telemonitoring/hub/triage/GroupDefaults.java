package dk.telemonitoring.hub.triage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Patient-group default limits, copied into the patient's own limits on enrolment
 * (docs/clinical-reference.md#group-defaults; TeleCare Nord, TeleKOL). They are starting points for
 * the patient's doctor and never looser than the CRITICAL floors. All numbers (judgement), awaiting
 * clinical sign-off.
 *
 * <p>The NEWS2 aggregate default is the chart's own mapping: 1-4 YELLOW, 5-6 RED, 7+ CRITICAL
 * (NEWS2 RCP 2017).
 */
public final class GroupDefaults {

  public static final String AUTHOR = "group-default";

  private GroupDefaults() {}

  public static List<PatientLimit> forCondition(Condition condition, Instant enrolledAt) {
    String why = "default for " + condition + " copied on enrolment";
    List<PatientLimit> l = new ArrayList<>();
    l.add(limit("news2", null, null, null, 1.0, 5.0, 7.0, why, enrolledAt));
    l.add(limit("temperature", 34.0, 35.0, null, 38.1, 39.1, 40.5, why, enrolledAt));
    l.add(limit("resp_rate", 8.0, null, null, 21.0, 25.0, 30.0, why, enrolledAt));
    switch (condition) {
      case COPD, AATD, FIBROSIS -> {
        l.add(limit("spo2", 85.0, 88.0, 90.0, null, null, null, why, enrolledAt));
        l.add(limit("pulse", 35.0, 40.0, 45.0, 111.0, 131.0, 150.0, why, enrolledAt));
      }
      case HEART_FAILURE -> {
        l.add(limit("spo2", 85.0, 89.0, 92.0, null, null, null, why, enrolledAt));
        l.add(limit("pulse", 35.0, 40.0, 50.0, 101.0, 121.0, 150.0, why, enrolledAt));
        l.add(limit("bp_systolic", 80.0, 90.0, 100.0, 170.0, 200.0, 240.0, why, enrolledAt));
      }
    }
    return List.copyOf(l);
  }

  private static PatientLimit limit(
      String code,
      Double cl,
      Double rl,
      Double yl,
      Double yh,
      Double rh,
      Double ch,
      String why,
      Instant at) {
    return new PatientLimit(
            code,
            cl,
            rl,
            yl,
            yh,
            rh,
            ch,
            AUTHOR,
            why,
            at,
            at.plus(PatientLimit.DEFAULT_REVIEW),
            true)
        .validate();
  }
}
