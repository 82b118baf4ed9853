package dk.telemonitoring.hub.store;

import static dk.telemonitoring.hub.store.OneOximeterDatabase.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A message the critical lane may alert on looks its device up on the urgent connection: while the
 * writers hold every pooled connection, its lookup still answers, and the ordinary lookup of the
 * same device waits until a pooled connection is free.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class UrgentDeviceLookupDbTest {

  private static final String DEVICE = "ox-lookup-1";

  @Test
  void anUrgentLookupAnswersWhileThePoolIsHeld() throws Exception {
    UUID patient = UUID.randomUUID();
    try (OneOximeterDatabase store = new OneOximeterDatabase("lookup", DEVICE, List.of(patient))) {
      Pool pool = store.pool(1);
      Pool urgentPool = store.pool(1);
      bind(store, DEVICE, patient);
      DeviceRegistry registry = new DeviceRegistry(pool, urgentPool, 60_000);

      SqlConnection held = await(pool.getConnection());
      Future<Optional<DeviceRecord>> ordinary;
      try {
        Optional<DeviceRecord> urgent = await(registry.findUrgently(DEVICE));
        assertThat(urgent).map(DeviceRecord::clinicId).contains("lookup");
        assertThat(urgent.orElseThrow().bindings())
            .extracting(DeviceRecord.Binding::patientId)
            .containsExactly(patient);
        registry.invalidate(DEVICE);
        ordinary = registry.find(DEVICE);
        assertThat(await(registry.findUrgently(DEVICE))).isPresent();
        assertThat(ordinary.isComplete()).as("the ordinary lookup waits for the pool").isFalse();
      } finally {
        await(held.close());
      }
      assertThat(await(ordinary)).isPresent();
      // Cached now: both answer at once, whatever holds the pools.
      held = await(pool.getConnection());
      SqlConnection heldUrgent = await(urgentPool.getConnection());
      try {
        assertThat(registry.find(DEVICE).isComplete()).isTrue();
        assertThat(registry.findUrgently(DEVICE).isComplete()).isTrue();
      } finally {
        await(held.close());
        await(heldUrgent.close());
      }
    }
  }

  /** Binds the device to the patient from a day ago. */
  private static void bind(OneOximeterDatabase store, String device, UUID patient)
      throws Exception {
    store.execute(
        "INSERT INTO device_bindings (device_id, patient_id, bound_at, bound_by)"
            + " VALUES (?, ?, now() - interval '1 day', 'test')",
        device,
        patient);
  }
}
