package dk.telemonitoring.alerts.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A clinic's figures for alerts opened in [from, to).
 *
 * @param alertsPerPatientWeek by rule: alerts / (monitored patients x weeks), the alert burden of
 *     docs/clinical-reference.md#trends
 * @param noActionNeededShare share of person-resolved alerts resolved as no action needed (0..1;
 *     NaN if none)
 * @param escalationsToDoctors alerts that were escalated to a doctor
 * @param acuteContacts resolutions with an acute contact (home visit, municipal acute bed, hospital
 *     admission)
 * @param bedDays days from admission to discharge (or to {@code to} while still admitted)
 * @param mergedAlerts alerts the one-alert-per-patient migration folded into the patient's
 *     remaining open alert: closed by the system, not by the clinic, so they count neither as
 *     alerts nor as outcomes above
 */
public record ClinicFigures(
    String clinicId,
    Instant from,
    Instant to,
    List<ResponseTimes> responseTimes,
    Map<String, Double> alertsPerPatientWeek,
    double noActionNeededShare,
    long escalationsToDoctors,
    Map<CareOutcome, Long> outcomes,
    long acuteContacts,
    long bedDays,
    long mergedAlerts) {

  /** Median times from opening to acknowledgement and to resolution, per level. */
  public record ResponseTimes(
      Level level, long alerts, Duration medianToAcknowledge, Duration medianToResolve) {}
}
