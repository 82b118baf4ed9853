package dk.telemonitoring.alerts.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The patient-level view (noise control): a patient's open alerts grouped, with the worst level and
 * deadline.
 */
public record PatientAlerts(
    UUID patientId,
    String clinicId,
    Level worstLevel,
    Instant earliestDeadline,
    List<QueueEntry> alerts) {

  /** The queue's entries by patient, in queue order within each, the worst patient first. */
  public static List<PatientAlerts> byPatient(List<QueueEntry> entries) {
    Map<UUID, List<QueueEntry>> grouped = new LinkedHashMap<>();
    entries.forEach(
        e -> grouped.computeIfAbsent(e.alert().patientId(), k -> new ArrayList<>()).add(e));
    List<PatientAlerts> out = new ArrayList<>();
    grouped.forEach((patient, list) -> out.add(of(patient, list)));
    out.sort(
        Comparator.comparing(PatientAlerts::worstLevel)
            .reversed()
            .thenComparing(PatientAlerts::earliestDeadline));
    return out;
  }

  private static PatientAlerts of(UUID patient, List<QueueEntry> list) {
    return new PatientAlerts(
        patient,
        list.get(0).alert().clinicId(),
        list.stream().map(e -> e.alert().level()).max(Comparator.naturalOrder()).orElseThrow(),
        list.stream()
            .map(e -> e.alert().responseDeadline())
            .min(Comparator.naturalOrder())
            .orElseThrow(),
        List.copyOf(list));
  }
}
