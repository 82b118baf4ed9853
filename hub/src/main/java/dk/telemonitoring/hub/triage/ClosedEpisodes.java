package dk.telemonitoring.hub.triage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A rule's episode ends when its alert is closed, whoever closed it. A nurse who resolves an alert
 * while the patient is still abnormal has acted on what she saw; the patient's next abnormal
 * reading is a new event and must open a new alert. Without this the rule's state would still hold
 * the episode open at its level, and a reading at that level would count as more of the closed
 * episode: stored, scored, and shown to nobody.
 */
public final class ClosedEpisodes {

  private ClosedEpisodes() {}

  /**
   * Starts afresh, in {@code states}, every open rule state whose rule has no open alert; returns
   * the new states. The time of the newest reading that counted is kept, so a late reading is still
   * recognised as late.
   */
  public static List<RuleState> startAfresh(
      Map<String, RuleState> states, Set<String> rulesWithOpenAlert) {
    List<RuleState> fresh = new ArrayList<>();
    for (RuleState s : states.values()) {
      if (s.open() && !rulesWithOpenAlert.contains(s.ruleId())) {
        fresh.add(RuleState.afresh(s));
      }
    }
    fresh.forEach(s -> states.put(s.ruleId(), s));
    return fresh;
  }
}
