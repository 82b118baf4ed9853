package dk.telemonitoring.hub.triage;

import dk.telemonitoring.hub.reading.MeasurementType;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * Values taken within a window (default 15 min) of each other form one observation set for scoring
 * (docs/clinical-reference.md#news2). The set ending at {@code at} takes, per measurement, the
 * latest usable value measured in [at - window, at] by event time, never by arrival time.
 *
 * @param oxygen on supplemental oxygen, from the latest value that stated it; {@code null} if none
 *     did
 * @param alert consciousness (ACVPU: alert or not); home kits do not supply it, so usually {@code
 *     null}
 */
public record ObservationSet(
    Instant at, Map<MeasurementType, Observation> latest, Boolean oxygen, Boolean alert) {

  public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(15);

  public static ObservationSet ending(
      Instant at, Duration window, Collection<Observation> observations) {
    Map<MeasurementType, Observation> latest = new EnumMap<>(MeasurementType.class);
    Observation oxygenSource = null;
    Instant from = at.minus(window);
    for (Observation o : observations) {
      if (o.measuredAt().isBefore(from) || o.measuredAt().isAfter(at) || !o.usable()) {
        continue;
      }
      latest.merge(o.type(), o, (a, b) -> b.measuredAt().isAfter(a.measuredAt()) ? b : a);
      if (o.oxygen() != null
          && (oxygenSource == null || o.measuredAt().isAfter(oxygenSource.measuredAt()))) {
        oxygenSource = o;
      }
    }
    return new ObservationSet(
        at, latest, oxygenSource == null ? null : oxygenSource.oxygen(), null);
  }

  public Optional<Double> value(MeasurementType type) {
    return Optional.ofNullable(latest.get(type)).map(Observation::value);
  }
}
