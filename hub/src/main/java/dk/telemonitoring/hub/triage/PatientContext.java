package dk.telemonitoring.hub.triage;

import dk.telemonitoring.hub.reading.MeasurementType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Everything about a patient that triage needs besides the readings themselves.
 *
 * @param limits the patient's current limits by code (copied group defaults or authored)
 * @param prescriptions SpO2 scale-2 prescriptions, active or revoked (dated history)
 * @param passive intervals when readings are stored but not alarmed (patient admitted; from the end
 *     of enrolment on, open-ended); a holiday is not one of them
 * @param alertEpisodes past and open suspected episodes ({@link Baseline#suspectedEpisode}),
 *     excluded (plus 14 days after) from baselines
 * @param personalBest spirometry personal best per measurement (FEV1, PEF, FVC), if known
 */
public record PatientContext(
    UUID patientId,
    String clinicId,
    Condition condition,
    String language,
    Map<String, PatientLimit> limits,
    List<Spo2Prescription> prescriptions,
    List<TimeInterval> passive,
    List<TimeInterval> alertEpisodes,
    Map<MeasurementType, Double> personalBest) {

  public PatientContext {
    limits = Map.copyOf(limits);
    prescriptions = List.copyOf(prescriptions);
    passive = List.copyOf(passive);
    alertEpisodes = List.copyOf(alertEpisodes);
    personalBest = Map.copyOf(personalBest);
  }

  /** A newly enrolled patient: group defaults, no prescriptions, no history. */
  public static PatientContext enrolled(
      UUID id, String clinicId, Condition condition, String language, Instant enrolledAt) {
    Map<String, PatientLimit> limits = new java.util.HashMap<>();
    GroupDefaults.forCondition(condition, enrolledAt).forEach(l -> limits.put(l.code(), l));
    return new PatientContext(
        id, clinicId, condition, language, limits, List.of(), List.of(), List.of(), Map.of());
  }

  public News2.Spo2Scale scaleAt(Instant t) {
    return activePrescription(t).isPresent() ? News2.Spo2Scale.SCALE_2 : News2.Spo2Scale.SCALE_1;
  }

  public Optional<Spo2Prescription> activePrescription(Instant t) {
    return prescriptions.stream().filter(p -> p.activeAt(t)).findFirst();
  }

  public boolean passiveAt(Instant t) {
    return passive.stream().anyMatch(i -> i.contains(t));
  }

  public Optional<PatientLimit> limit(String code) {
    return Optional.ofNullable(limits.get(code));
  }

  public PatientContext withLimit(PatientLimit limit) {
    Map<String, PatientLimit> copy = new java.util.HashMap<>(limits);
    copy.put(limit.code(), limit.validate());
    return new PatientContext(
        patientId,
        clinicId,
        condition,
        language,
        copy,
        prescriptions,
        passive,
        alertEpisodes,
        personalBest);
  }

  public PatientContext withPrescription(Spo2Prescription p) {
    List<Spo2Prescription> copy = new java.util.ArrayList<>(prescriptions);
    copy.add(p);
    return new PatientContext(
        patientId,
        clinicId,
        condition,
        language,
        limits,
        copy,
        passive,
        alertEpisodes,
        personalBest);
  }

  public PatientContext withPassive(TimeInterval interval) {
    List<TimeInterval> copy = new java.util.ArrayList<>(passive);
    copy.add(interval);
    return new PatientContext(
        patientId,
        clinicId,
        condition,
        language,
        limits,
        prescriptions,
        copy,
        alertEpisodes,
        personalBest);
  }

  public PatientContext withAlertEpisodes(List<TimeInterval> episodes) {
    return new PatientContext(
        patientId,
        clinicId,
        condition,
        language,
        limits,
        prescriptions,
        passive,
        episodes,
        personalBest);
  }

  public PatientContext withPersonalBest(MeasurementType type, double value) {
    Map<MeasurementType, Double> copy = new java.util.HashMap<>(personalBest);
    copy.put(type, value);
    return new PatientContext(
        patientId,
        clinicId,
        condition,
        language,
        limits,
        prescriptions,
        passive,
        alertEpisodes,
        copy);
  }
}
