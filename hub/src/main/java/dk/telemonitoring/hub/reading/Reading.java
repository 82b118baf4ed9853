package dk.telemonitoring.hub.reading;

import java.time.Instant;
import java.util.Set;

/**
 * One validated, normalised value as it is stored: the device's message carries one or more of
 * these.
 *
 * @param flags quality flags such as {@code implausible} (stored and triaged, but marked for
 *     re-measurement)
 * @param contextJson the message's context object (oxygen, rest, battery), kept verbatim as JSON;
 *     may be null
 * @param detailJson kind-specific detail (a spirometry session's blows and grade, a questionnaire
 *     answer); may be null
 */
public record Reading(
    String clinicId,
    String deviceId,
    String msgId,
    MeasurementType type,
    double value,
    Instant measuredAt,
    Instant receivedAt,
    Instant sentAt,
    Set<String> flags,
    String contextJson,
    String detailJson) {

  public static final String FLAG_IMPLAUSIBLE = "implausible";
  public static final String FLAG_POOR_QUALITY = "poor_quality";

  /**
   * Measured "in the future" by more than a few minutes: the device's clock runs fast. Stored,
   * shown, not hidden.
   */
  public static final String FLAG_CLOCK_SKEW = "clock_skew";

  /**
   * A sample of a continuous recording (a wearable oximeter streaming at 1 Hz), not a spot check:
   * judged against limits and floors like any reading, but kept out of personal baselines and
   * trends.
   */
  public static final String FLAG_CONTINUOUS = "continuous";

  public String unit() {
    return type.ucum();
  }
}
