package dk.telemonitoring.hub.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dk.telemonitoring.hub.reading.DeviceMessage;
import dk.telemonitoring.hub.reading.RejectReason;
import dk.telemonitoring.hub.reading.Rejection.RejectedException;
import dk.telemonitoring.hub.reading.TopicScheme.DeviceTopic;
import dk.telemonitoring.hub.reading.ValueValidator;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.time.Instant;

/**
 * The payload decoder as the ingest builds it (payloads up to 4,096 bytes, measurement times up to
 * 30 minutes ahead and 90 days back) for a device on a fixed topic at a fixed now, and what it
 * makes of a payload: the device message, or the rejection that refuses it, for the decoder's
 * tests.
 */
abstract class PayloadDecoderFixture {

  static final Instant NOW = Instant.parse("2026-11-23T08:00:00Z");
  static final DeviceTopic TOPIC = new DeviceTopic("vios", "ox-1");
  final PayloadDecoder decoder =
      new PayloadDecoder(new ValueValidator(Duration.ofMinutes(30), Duration.ofDays(90)), 4096);

  DeviceMessage decode(String json) {
    return decoder.decode(TOPIC, Buffer.buffer(json), NOW);
  }

  RejectReason rejection(String json) {
    RejectedException e = catchThrowableOfType(RejectedException.class, () -> decode(json));
    assertThat(e).as("expected a rejection for %s", json).isNotNull();
    return e.rejection().reason();
  }

  static String measurement(String values) {
    return "{\"v\":1,\"msgId\":\"m1\",\"kind\":\"measurement\",\"measuredAt\":\"2026-11-23T07:59:00Z\",\"values\":["
        + values
        + "]}";
  }

  RejectedException rejected(byte[] payload) {
    RejectedException e =
        catchThrowableOfType(
            RejectedException.class, () -> decoder.decode(TOPIC, Buffer.buffer(payload), NOW));
    assertThat(e).as("expected a rejection").isNotNull();
    return e;
  }
}
