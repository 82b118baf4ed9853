package dk.telemonitoring.hub.ingest;

import dk.telemonitoring.hub.reading.DeviceMessage;
import dk.telemonitoring.hub.reading.DeviceMessage.DeviceEvent;
import dk.telemonitoring.hub.reading.DeviceMessage.MeasurementSet;
import dk.telemonitoring.hub.reading.RejectReason;
import dk.telemonitoring.hub.reading.Rejection;
import dk.telemonitoring.hub.reading.Rejection.RejectedException;
import dk.telemonitoring.hub.reading.TopicScheme;
import dk.telemonitoring.hub.reading.TopicScheme.DeviceTopic;
import dk.telemonitoring.hub.store.DeviceRecord;
import dk.telemonitoring.hub.store.DeviceRegistry;
import dk.telemonitoring.hub.store.WriteItem;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * From a raw MQTT message to something to write: decoded, validated and attributed to the patient
 * the device measured, or a quarantine row with the reason. Never fails for bad input; fails only
 * when the registry cannot be read (the database is down), and then the caller retries.
 */
public final class IngestPipeline {

  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(IngestPipeline.class);

  private final TopicScheme topics;
  private final PayloadDecoder decoder;
  private final DeviceRegistry registry;

  public IngestPipeline(TopicScheme topics, PayloadDecoder decoder, DeviceRegistry registry) {
    this.topics = topics;
    this.decoder = decoder;
    this.registry = registry;
  }

  public Future<WriteItem> toWriteItem(String topic, Buffer payload, Instant receivedAt) {
    Optional<DeviceTopic> parsed = topics.parseReadingsTopic(topic);
    if (parsed.isEmpty()) {
      return Future.succeededFuture(
          quarantine(
              topic, null, null, new Rejection(RejectReason.BAD_TOPIC, ""), payload, receivedAt));
    }
    DeviceTopic device = parsed.get();
    DeviceMessage message;
    try {
      message = decoder.decode(device, payload, receivedAt);
    } catch (RuntimeException e) {
      String msgId = e instanceof RejectedException rejected ? rejected.msgId() : null;
      return Future.succeededFuture(
          quarantine(topic, device, msgId, rejectionOf(e, device), payload, receivedAt));
    }
    boolean urgent = message instanceof MeasurementSet set && WriteItem.Measurements.urgent(set);
    return (urgent ? registry.findUrgently(device.deviceId()) : registry.find(device.deviceId()))
        .map(
            record -> {
              try {
                return attribute(
                    message,
                    urgent,
                    new WriteItem.Source(topic, payload),
                    record.orElseThrow(
                        () ->
                            Rejection.reject(
                                RejectReason.UNKNOWN_DEVICE, "'" + device.deviceId() + "'")));
              } catch (RuntimeException e) {
                return quarantine(
                    topic, device, message.msgId(), rejectionOf(e, device), payload, receivedAt);
              }
            });
  }

  /**
   * The reason to quarantine a message for. Anything but a rejection is a bug; it must not stall
   * the stream either, since a message left unanswered would hold back every later acknowledgement.
   */
  private static Rejection rejectionOf(RuntimeException e, DeviceTopic device) {
    if (e instanceof RejectedException rejected) {
      return rejected.rejection();
    }
    LOG.error(
        "message processing failed unexpectedly, quarantining it [deviceId: {}]",
        device.deviceId(),
        e);
    return new Rejection(RejectReason.INTERNAL_ERROR, e.getClass().getSimpleName());
  }

  private static WriteItem attribute(
      DeviceMessage message, boolean urgent, WriteItem.Source source, DeviceRecord device) {
    if (message instanceof MeasurementSet set) {
      return new WriteItem.Measurements(
          set, device.patientAt(set.clinicId(), set.measuredAt()), source, urgent);
    }
    DeviceEvent event = (DeviceEvent) message;
    UUID patient =
        DeviceEvent.STATUS.equals(event.kind()) || DeviceEvent.MESSAGE_RECEIPT.equals(event.kind())
            ? statusPatient(device, event)
            : device.patientAt(event.clinicId(), event.occurredAt());
    return new WriteItem.Event(event, patient, source);
  }

  /**
   * A status report or a message receipt needs a registered device of the right clinic, but not a
   * bound one (a receipt may come after the tablet was unbound).
   */
  private static UUID statusPatient(DeviceRecord device, DeviceEvent event) {
    try {
      return device.patientAt(event.clinicId(), event.occurredAt());
    } catch (RejectedException e) {
      if (e.rejection().reason() == RejectReason.CLINIC_MISMATCH) {
        throw e;
      }
      return null;
    }
  }

  private static WriteItem quarantine(
      String topic,
      DeviceTopic device,
      String msgId,
      Rejection rejection,
      Buffer payload,
      Instant receivedAt) {
    return new WriteItem.Quarantined(
        topic,
        device == null ? null : device.clinicId(),
        device == null ? null : device.deviceId(),
        msgId,
        rejection,
        payload,
        receivedAt);
  }
}
