package dk.telemonitoring.alerts.domain;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * One notification ready to deliver: to whom, by which channel, about which alert and patient, with
 * the alert's live findings and the acknowledge link. The patient appears by the {@link
 * PatientLabel} the clinic allows in pages (name or pseudonym); the rule ids stay inside the system
 * (a doctor reads values and explanations, not ids).
 *
 * @param attempt 1 for the first delivery attempt
 * @param address e-mail address, webhook URL, MQTT topic, or the person id for in-app
 * @param webhookSecret the target's HMAC secret (webhook only); never logged
 * @param ackToken the single-purpose acknowledge token (derived, never stored)
 * @param explanationDa the explanation in Danish, or null (alerts opened before it was stored)
 * @param patient how the page names the patient
 * @param findings the alert's live findings, worst first; empty when they could not be read
 */
public record NotificationMessage(
    UUID notificationId,
    int attempt,
    UUID alertId,
    String clinicId,
    UUID patientId,
    String ruleId,
    Level level,
    AlertState state,
    String explanation,
    String explanationDa,
    Instant openedAt,
    String personId,
    String displayName,
    String recipientRole,
    boolean reminder,
    Channel channel,
    String address,
    String webhookSecret,
    String ackToken,
    String ackUrl,
    Instant createdAt,
    PatientLabel patient,
    List<PageFinding> findings) {

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("dd.MM.yyyy HH:mm");

  public NotificationMessage {
    patient = patient == null ? PatientLabel.unknown() : patient;
    findings = findings == null ? List.of() : List.copyOf(findings);
  }

  /** The same notification with the patient's label and the alert's live findings. */
  public NotificationMessage withPage(PatientLabel label, List<PageFinding> live) {
    return new NotificationMessage(
        notificationId,
        attempt,
        alertId,
        clinicId,
        patientId,
        ruleId,
        level,
        state,
        explanation,
        explanationDa,
        openedAt,
        personId,
        displayName,
        recipientRole,
        reminder,
        channel,
        address,
        webhookSecret,
        ackToken,
        ackUrl,
        createdAt,
        label,
        live);
  }

  /**
   * {@code [KRITISK] J.H.: SpO2 82%}: the level in Danish, the patient's label, the worst finding
   * in words.
   */
  public String subject() {
    return "["
        + PageWords.da(level)
        + "] "
        + (reminder ? "påmindelse: " : "")
        + patient.shown()
        + ": "
        + worstInWords();
  }

  /**
   * The values of the first finding at the worst level that has values; without one, the worst
   * finding's explanation (a "call me", a symptom, a finding that words its values only in its
   * sentence).
   */
  String worstInWords() {
    if (findings.isEmpty()) {
      return firstNonBlank(explanationDa, explanation, "");
    }
    PageFinding worst = findings.get(0);
    for (PageFinding f : findings) {
      if (f.level() == worst.level() && f.valuesDa() != null && !f.valuesDa().isBlank()) {
        return f.valuesDa();
      }
    }
    return firstNonBlank(worst.explanationDa(), worst.explanationEn());
  }

  /** Danish first (the clinic's language; the triage screen's default), then English. */
  public String text() {
    StringBuilder b = new StringBuilder();
    b.append(subject()).append("\n\n");
    b.append("Patient: ")
        .append(patient.shown())
        .append(patient.conditionDa() == null ? "" : ", " + patient.conditionDa())
        .append("\nNiveau: ")
        .append(PageWords.da(level))
        .append("\n\n");
    b.append(findings.isEmpty() ? "" : "Fund:\n");
    findings.forEach(f -> b.append(line(PageWords.da(f.level()), f.valuesDa(), f.explanationDa())));
    if (findings.isEmpty()) {
      b.append(sentence(explanationDa));
    }
    b.append("\n---\n\n");
    b.append("Patient: ")
        .append(patient.shown())
        .append(patient.conditionEn() == null ? "" : ", " + patient.conditionEn())
        .append("\nLevel: ")
        .append(PageWords.en(level))
        .append("\n\n");
    b.append(findings.isEmpty() ? "" : "Findings:\n");
    findings.forEach(f -> b.append(line(PageWords.en(f.level()), f.valuesEn(), f.explanationEn())));
    if (findings.isEmpty()) {
      b.append(sentence(explanation));
    }
    b.append("\nÅbnet / opened: ")
        .append(TIME.withZone(patient.zone()).format(openedAt))
        .append(" (")
        .append(patient.zone().getId())
        .append(")")
        .append("\nSøgt som / paged as: ")
        .append(PageWords.roleDa(recipientRole))
        .append(" / ")
        .append(PageWords.roleEn(recipientRole))
        .append(
            "\n\nÅbn alarmen (værdier, kvittér, råd) / open the alert (values, acknowledge, advice): ")
        .append(ackUrl)
        .append("\n");
    return b.toString();
  }

  /** The lines a finding takes: "- [KRITISK] SpO2 82%" then its explanation. */
  private static String line(String level, String values, String explanation) {
    List<String> parts = new ArrayList<>();
    parts.add("- [" + level + "]" + (values == null || values.isBlank() ? "" : " " + values));
    if (explanation != null && !explanation.isBlank()) {
      parts.add("  " + explanation);
    }
    return String.join("\n", parts) + "\n";
  }

  private static String sentence(String s) {
    return s == null || s.isBlank() ? "" : s + "\n";
  }

  private static String firstNonBlank(String... candidates) {
    for (String c : candidates) {
      if (c != null && !c.isBlank()) {
        return c;
      }
    }
    return "";
  }
}
