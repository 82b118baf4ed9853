package dk.telemonitoring.hub.triage;

import dk.telemonitoring.hub.reading.MeasurementType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * One message's values to triage, the patient's earlier readings (by event time) and the
 * configuration.
 *
 * @param message the values measured together (one device message), all at {@link #at()}
 * @param history the patient's other readings measured at or before {@code at}; later ones are
 *     ignored, so a late reading is evaluated in its place in the series
 */
public record TriageInput(
    PatientContext patient,
    List<Observation> message,
    List<Observation> history,
    TriageConfig config) {

  public TriageInput {
    Instant at =
        message.stream()
            .map(Observation::measuredAt)
            .max(Comparator.naturalOrder())
            .orElseThrow(() -> new IllegalArgumentException("empty message"));
    List<Observation> msg = List.copyOf(message);
    message = msg;
    history =
        history.stream()
            .filter(o -> !o.measuredAt().isAfter(at))
            .filter(
                o ->
                    o.ref() == null
                        || msg.stream()
                            .noneMatch(m -> o.ref().equals(m.ref()) && o.type() == m.type()))
            .sorted(Comparator.comparing(Observation::measuredAt))
            .toList();
  }

  /** Measurement time of the message (event time). */
  public Instant at() {
    return message.stream()
        .map(Observation::measuredAt)
        .max(Comparator.naturalOrder())
        .orElseThrow();
  }

  /** History plus the message, ordered by measurement time. */
  public List<Observation> all() {
    List<Observation> all = new ArrayList<>(history);
    all.addAll(message);
    all.sort(Comparator.comparing(Observation::measuredAt));
    return all;
  }

  public Optional<Observation> inMessage(MeasurementType type) {
    return message.stream().filter(o -> o.type() == type).findFirst();
  }

  /**
   * The limit that applies: the patient's own when personal limits are on, else the group default.
   */
  public Optional<PatientLimit> limit(String code) {
    if (config.personalLimits()) {
      Optional<PatientLimit> own = patient.limit(code);
      if (own.isPresent()) return own;
    }
    return GroupDefaults.forCondition(patient.condition(), Instant.EPOCH).stream()
        .filter(l -> l.code().equals(code))
        .findFirst();
  }
}
