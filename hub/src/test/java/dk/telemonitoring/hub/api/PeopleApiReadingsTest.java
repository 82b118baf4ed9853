package dk.telemonitoring.hub.api;

import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.hub.store.StorageMode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/**
 * A patient's readings through the people-facing API: long ranges downsampled with the storage
 * mode's function.
 */
class PeopleApiReadingsTest extends TwoClinicApiTest {

  PeopleApiReadingsTest() {
    super("people_readings");
  }

  @Test
  void longRangesAreDownsampledWithTheStorageModesBucketFunction() {
    Instant start = Instant.now().minus(10, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
        Statement st = c.createStatement()) {
      st.execute(
          """
          INSERT INTO readings (measured_at, device_id, msg_id, code, patient_id, clinic_id, value, unit, received_at)
          SELECT '%s'::timestamptz + g * interval '1 hour', 'ox-a-1', 'ds-' || g, 'spo2', '%s', 'clinic-a',
                 93 + (g %% 3), '%%', now()
          FROM generate_series(0, 239) g"""
              .formatted(start, patientA));
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    ApiClient nurse = ApiClient.loggedIn(base, "nurse.a@test.dk", PASSWORD);
    JsonObject longRange =
        nurse.json(
            "/api/v1/patients/"
                + patientA
                + "/readings?code=spo2&from="
                + start
                + "&to="
                + start.plus(10, ChronoUnit.DAYS));
    assertThat(longRange.getBoolean("downsampled")).isTrue();
    assertThat(longRange.getString("function"))
        .isEqualTo(hub.hub().storageMode() == StorageMode.TIMESCALEDB ? "time_bucket" : "date_bin");
    JsonArray points = longRange.getJsonArray("series").getJsonObject(0).getJsonArray("points");
    assertThat(points.size()).isBetween(40, 300);
    long n = points.stream().mapToLong(p -> ((JsonObject) p).getLong("n")).sum();
    assertThat(n).isEqualTo(240);
    assertThat(longRange.getJsonObject("baselines").getJsonObject("spo2").getDouble("median"))
        .isEqualTo(94.0);
    JsonObject shortRange =
        nurse.json(
            "/api/v1/patients/"
                + patientA
                + "/readings?code=spo2&from="
                + start
                + "&to="
                + start.plus(1, ChronoUnit.DAYS));
    assertThat(shortRange.getBoolean("downsampled")).isFalse();
    assertThat(shortRange.getJsonArray("readings")).hasSize(24);
  }
}
