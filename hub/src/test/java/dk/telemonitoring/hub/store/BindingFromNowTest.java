package dk.telemonitoring.hub.store;

import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.hub.config.DbUrl;
import dk.telemonitoring.hub.support.Devices;
import dk.telemonitoring.hub.support.Sql;
import dk.telemonitoring.hub.support.TestHub;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * A device bound "from now" keeps the reading it sends at once: devices stamp whole seconds, so a
 * binding starting at 10:00:00.734 must cover a reading stamped 10:00:00 (issue 17, item 8).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class BindingFromNowTest {

  private static final String CLINIC = "north";

  private TestHub hub;
  private DbUrl db;
  private RegistryStore registry;
  private Devices devices;

  @BeforeAll
  void start() {
    hub = TestHub.inFreshDatabase("bindnow");
    db = hub.db();
    registry = new RegistryStore(hub.hub().pool());
    registry.createClinic(CLINIC, "Test clinic", "Europe/Copenhagen").await();
    devices = new Devices(hub.topicRoot());
  }

  @AfterAll
  void stop() {
    if (devices != null) {
      devices.close();
    }
    if (hub != null) {
      hub.close();
    }
  }

  @Test
  void storesTheFirstReadingStampedWithTheWholeSecondOfTheBinding() {
    String device = "ox-bindnow-1";
    UUID patient = registry.createPatient(CLINIC, "Test patient", "COPD", "da").await();
    registry.registerDevice(device, CLINIC, "OXIMETER", 172_800).await();
    Instant now = midSecond();

    Instant start = registry.bind(device, patient, now, "test").await();
    devices.publish(
        devices.readingsTopic(CLINIC, device),
        Devices.spo2("first-1", now.truncatedTo(ChronoUnit.SECONDS), 95, 70));

    assertThat(
            Sql.awaitCount(
                db,
                Duration.ofSeconds(20),
                n -> n == 2,
                "SELECT count(*) FROM readings WHERE msg_id = 'first-1' AND patient_id = ?",
                patient))
        .as("spo2 and pulse stored for the patient")
        .isEqualTo(2);
    assertThat(Sql.count(db, "SELECT count(*) FROM quarantine WHERE device_id = ?", device))
        .isZero();
    assertThat(start).isEqualTo(now.truncatedTo(ChronoUnit.SECONDS));
  }

  @Test
  void aDeviceHandedOnWithinOneSecondKeepsBindingsThatDoNotOverlap() {
    String device = "ox-bindnow-2";
    UUID first = registry.createPatient(CLINIC, "First patient", "COPD", "da").await();
    UUID second = registry.createPatient(CLINIC, "Second patient", "COPD", "da").await();
    registry.registerDevice(device, CLINIC, "OXIMETER", 172_800).await();
    Instant now = midSecond();

    Instant firstStart = registry.bind(device, first, now, "test").await();
    Instant secondStart = registry.bind(device, second, now.plusMillis(100), "test").await();

    assertThat(firstStart).isEqualTo(now.truncatedTo(ChronoUnit.SECONDS));
    assertThat(secondStart)
        .as("kept as given, after the first start")
        .isEqualTo(now.plusMillis(100));
    assertThat(
            Sql.count(
                db,
                "SELECT count(*) FROM device_bindings WHERE device_id = ? AND unbound_at IS NULL",
                device))
        .isEqualTo(1);
    assertThat(registry.boundPatient(device).await()).isEqualTo(second);
  }

  /** Now, moved past the first 200 ms of a second, so the binding's start has a fraction. */
  private static Instant midSecond() {
    Instant now = Instant.now();
    while (now.getNano() < 200_000_000 || now.getNano() > 800_000_000) {
      Sql.sleep(20);
      now = Instant.now();
    }
    return now;
  }
}
