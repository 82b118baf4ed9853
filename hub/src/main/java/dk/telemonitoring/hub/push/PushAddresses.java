package dk.telemonitoring.hub.push;

import java.util.List;

/**
 * Event-bus addresses the live push listens to. Each message is a JSON object with at least {@code
 * clinicId} (the push filters by the person's clinics) and usually {@code patientId}.
 */
public final class PushAddresses {

  /**
   * An alert opened, raised, acknowledged, escalated, noted, resolved... (from the alerts tables,
   * see ChangeFeed).
   */
  public static final String ALERTS_CHANGED = "alerts.changed";

  /** A nurse task (missed measurement, device offline) opened, updated or resolved. */
  public static final String TASKS_CHANGED = "tasks.changed";

  /**
   * Published by the hub after each committed batch: {@code {"clinicId": "...", "patientIds":
   * ["..."]}} (one message per clinic; {@code patientIds} may be omitted).
   */
  public static final String READINGS_STORED = "readings.stored";

  /**
   * Published by the clinic loop after triage of a message: {@code {clinicId, patientId, deviceId,
   * msgId, level}}.
   */
  public static final String TRIAGE_RESULTS = "triage.results";

  /**
   * In-app notifications from the alerts module's dispatcher: {@code {clinicId, patientId, alertId,
   * personId, ...}}.
   */
  public static final String IN_APP_NOTIFICATIONS = "alerts.notifications";

  /** What browsers may receive, by event type. */
  public static final List<String> STREAMED =
      List.of(ALERTS_CHANGED, TASKS_CHANGED, READINGS_STORED, TRIAGE_RESULTS, IN_APP_NOTIFICATIONS);

  private PushAddresses() {}

  /** The event type a browser sees for an address. */
  public static String eventType(String address) {
    return switch (address) {
      case ALERTS_CHANGED -> "alert";
      case TASKS_CHANGED -> "task";
      case READINGS_STORED -> "readings";
      case TRIAGE_RESULTS -> "triage";
      case IN_APP_NOTIFICATIONS -> "notification";
      default -> "other";
    };
  }
}
