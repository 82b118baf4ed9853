package dk.telemonitoring.alerts.domain;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A doctor's advice that a nurse still has to carry out, on an alert that closed before she did:
 * the doctor closed it, or it closed itself when the readings were normal again.
 */
public record AdviceOnClosedAlert(Advice advice, Alert alert) {

  /**
   * Each advice with its alert, in the advice's order; advice whose alert is not found is left out.
   */
  public static List<AdviceOnClosedAlert> pair(List<Advice> advice, List<Alert> alerts) {
    Map<UUID, Alert> byId = new HashMap<>();
    alerts.forEach(a -> byId.put(a.id(), a));
    return advice.stream()
        .filter(v -> byId.containsKey(v.alertId()))
        .map(v -> new AdviceOnClosedAlert(v, byId.get(v.alertId())))
        .toList();
  }
}
