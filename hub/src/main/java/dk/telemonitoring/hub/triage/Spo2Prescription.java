package dk.telemonitoring.hub.triage;

import java.time.Instant;

/**
 * A doctor's prescription of an SpO2 target of 88-92% (hypercapnic respiratory failure). Only this
 * dated, authored attribute switches NEWS2 to SpO2 scale 2; it is never a default for all COPD
 * patients (NEWS2 RCP 2017; docs/clinical-reference.md#news2).
 */
public record Spo2Prescription(
    int targetLow,
    int targetHigh,
    String prescribedBy,
    String reason,
    Instant prescribedAt,
    Instant revokedAt) {

  public Spo2Prescription {
    if (prescribedBy == null || prescribedBy.isBlank() || prescribedAt == null) {
      throw new IllegalArgumentException("an SpO2 scale-2 prescription must be dated and authored");
    }
    if (targetLow != 88 || targetHigh != 92) {
      throw new IllegalArgumentException("NEWS2 scale 2 is defined for a target of 88-92% only");
    }
  }

  public boolean activeAt(Instant t) {
    return !t.isBefore(prescribedAt) && (revokedAt == null || t.isBefore(revokedAt));
  }
}
