package dk.telemonitoring.hub.store;

import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.hub.reading.DeviceMessage.DeviceEvent;
import dk.telemonitoring.hub.reading.DeviceMessage.MeasurementSet;
import dk.telemonitoring.hub.reading.MeasurementType;
import dk.telemonitoring.hub.reading.Reading;
import dk.telemonitoring.hub.reading.RejectReason;
import dk.telemonitoring.hub.reading.Rejection;
import io.vertx.core.buffer.Buffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Which messages the {@link BatchWriter} writes ahead of its queue: those with a spot check at or
 * beyond the critical lane's screen (SpO2 85 %, pulse 150 /min: the widest CRITICAL thresholds),
 * and no other.
 */
class UrgentWriteItemTest {

  private static final Instant T = Instant.parse("2026-12-06T08:00:00Z");
  private static final WriteItem.Source SOURCE = new WriteItem.Source("t", Buffer.buffer("{}"));

  @ParameterizedTest
  @CsvSource({
    "SPO2, 85, '', true",
    "SPO2, 86, '', false",
    "SPO2, 80, continuous, false",
    "SPO2, 80, poor_quality, false",
    "SPO2, 80, implausible, true",
    "PULSE, 149, '', false",
    "PULSE, 150, '', true",
    "WEIGHT, 500, '', false",
  })
  void aMessageIsUrgentWhenAScreenedReadingMayBeCritical(
      MeasurementType type, double value, String flag, boolean urgent) {
    Set<String> flags = flag.isEmpty() ? Set.of() : Set.of(flag);
    assertThat(measurements(reading(type, 95, Set.of()), reading(type, value, flags)).urgent())
        .isEqualTo(urgent);
  }

  @Test
  void eventsAndQuarantinedMessagesAreNeverUrgent() {
    DeviceEvent contact = new DeviceEvent("c", "d", "m", DeviceEvent.STATUS, T, T, null, "{}");
    assertThat(new WriteItem.Event(contact, null, SOURCE).urgent()).isFalse();
    Rejection bad = new Rejection(RejectReason.STORAGE_REJECTED, "x");
    assertThat(new WriteItem.Quarantined("t", "c", "d", null, bad, Buffer.buffer("{}"), T).urgent())
        .isFalse();
  }

  private static WriteItem measurements(Reading... readings) {
    MeasurementSet set =
        new MeasurementSet("c", "d", "m", "measurement", T, Arrays.asList(readings));
    return new WriteItem.Measurements(set, UUID.randomUUID(), SOURCE);
  }

  private static Reading reading(MeasurementType type, double value, Set<String> flags) {
    return new Reading("c", "d", "m", type, value, T, T, null, flags, null, null);
  }
}
