package dk.telemonitoring.alerts.domain;

import java.time.Instant;
import java.util.List;
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
    List<QueueEntry> alerts) {}
