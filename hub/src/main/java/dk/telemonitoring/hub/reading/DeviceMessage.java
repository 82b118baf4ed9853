package dk.telemonitoring.hub.reading;

import java.time.Instant;
import java.util.List;

/** A decoded, validated message from a device: either values to store and triage, or an event. */
public sealed interface DeviceMessage
    permits DeviceMessage.MeasurementSet, DeviceMessage.DeviceEvent {

  String clinicId();

  String deviceId();

  String msgId();

  /**
   * Values measured together (a measurement, a spirometry session's bests, a questionnaire's
   * answers).
   */
  record MeasurementSet(
      String clinicId,
      String deviceId,
      String msgId,
      String kind,
      Instant measuredAt,
      List<Reading> readings)
      implements DeviceMessage {}

  /**
   * A patient's contact request, a device's status report or a tablet's receipt for a message: kept
   * verbatim, not a measurement.
   */
  record DeviceEvent(
      String clinicId,
      String deviceId,
      String msgId,
      String kind,
      Instant occurredAt,
      Instant receivedAt,
      Integer battery,
      String payloadJson)
      implements DeviceMessage {

    public static final String CONTACT = "contact";
    public static final String STATUS = "status";

    /** The tablet showed a message from the clinic ({@code messageId}: the message's id). */
    public static final String MESSAGE_RECEIPT = "message-receipt";
  }
}
