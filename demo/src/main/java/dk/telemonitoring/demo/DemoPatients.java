package dk.telemonitoring.demo;

import dk.telemonitoring.alerts.domain.Contact;
import dk.telemonitoring.alerts.domain.OnCallRole;
import dk.telemonitoring.alerts.domain.Rotation;
import dk.telemonitoring.alerts.store.ScheduleStore;
import dk.telemonitoring.hub.store.RegistryStore;
import dk.telemonitoring.sim.device.CohortMessageStream;
import dk.telemonitoring.sim.device.Device;
import dk.telemonitoring.sim.run.LiveSimulation;
import dk.telemonitoring.sim.run.PahoPublisher;
import dk.telemonitoring.sim.run.Replay;
import dk.telemonitoring.sim.run.SimConfig;
import dk.telemonitoring.sim.run.SimPatient;
import dk.telemonitoring.sim.run.TabletReceipts;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's clinic: provisions simulated patients and their devices, replays their last days as
 * fast as the hub takes them (so the board opens populated, with a deterioration under way), then
 * keeps them measuring in real time.
 */
final class DemoPatients {

  static final String CLINIC = "vios";
  static final String TRY_DEVICE = "ox-demo-1";

  private static final Logger LOG = LoggerFactory.getLogger(DemoPatients.class);
  private static final Duration HISTORY = Duration.ofDays(4);
  private static final List<String> NAMES =
      List.of(
          "Inge Hansen",
          "Poul Jensen",
          "Birthe Nielsen",
          "Erik Pedersen",
          "Kirsten Andersen",
          "Jørgen Christensen",
          "Hanne Larsen",
          "Niels Sørensen",
          "Grethe Rasmussen",
          "Bent Jørgensen");

  private DemoPatients() {}

  static AutoCloseable start(Pool pool, String mqttUrl, int patients) throws Exception {
    Instant start = Instant.now().minus(HISTORY);
    SimConfig config = SimConfig.demo(mqttUrl, CLINIC, patients, 1.0, 42).withSimulatedStart(start);
    Instant enrolled = start.minus(Duration.ofDays(1));
    provision(new RegistryStore(pool), pool, config, enrolled);
    // Enrolled when their replayed history begins, so the overview has patient-days and scheduled
    // slots to count.
    pool.preparedQuery("UPDATE patients SET enrolled_at = $2 WHERE clinic_id = $1")
        .execute(Tuple.of(CLINIC, enrolled.atOffset(ZoneOffset.UTC)))
        .await();
    staffOnCall(pool);
    CohortMessageStream stream =
        new CohortMessageStream(
            LiveSimulation.cohortOf(config), config.behaviour(), (int) HISTORY.toDays() + 3650);
    PahoPublisher publisher =
        new PahoPublisher(
            mqttUrl, "demo-devices-" + UUID.randomUUID().toString().substring(0, 8), 200);
    Replay backfill = new Replay(publisher, config.topicRoot(), CLINIC, 0, 2_000);
    // The tablets answer the clinic's messages with a receipt (shown as delivered).
    TabletReceipts tablets = TabletReceipts.start(mqttUrl, config.topicRoot(), CLINIC);
    Replay live = new Replay(publisher, config.topicRoot(), CLINIC, 1.0, 0);
    Thread thread =
        new Thread(
            () -> {
              try {
                var history = backfill.run(stream, start, Instant.now(), s -> {}, 5_000);
                LOG.info("demo history replayed [messages: {}]", history.sent());
                live.run(stream, Instant.now(), null, s -> {}, 60_000);
              } catch (Exception e) {
                LOG.warn("demo patients stopped [reason: {}]", e.toString());
              }
            },
            "demo-patients");
    thread.setDaemon(true);
    thread.start();
    return () -> {
      backfill.stop();
      live.stop();
      thread.join(5_000);
      publisher.close();
      tablets.close();
    };
  }

  /**
   * The demo's rota, so escalations have someone to page: the two demo nurses share the day and
   * night shifts, the demo doctor is on call and the demo backup doctor behind him; everyone on it
   * can log in, so each step of an escalation can be tried.
   */
  static void staffOnCall(Pool pool) {
    ScheduleStore schedules = new ScheduleStore();
    ZoneId cph = ZoneId.of("Europe/Copenhagen");
    java.util.Map<String, String> ids = new java.util.HashMap<>();
    pool.query("SELECT email, id::text FROM app_users WHERE email LIKE '%@vios.demo'")
        .execute()
        .await()
        .forEach(row -> ids.put(row.getString(0), row.getString(1)));
    String nurse = ids.get("sygeplejerske@vios.demo");
    String nurse2 = ids.get("sygeplejerske2@vios.demo");
    String doctor = ids.get("laege@vios.demo");
    String backup = ids.get("bagvagt@vios.demo");
    if (nurse == null || nurse2 == null || doctor == null || backup == null) {
      LOG.warn("demo users missing, no on-call rota for the demo");
      return;
    }
    schedules
        .saveContact(
            pool, new Contact(nurse, CLINIC, "Sofie Kjær", null, null, null, null, true, true))
        .await();
    schedules
        .saveContact(
            pool, new Contact(nurse2, CLINIC, "Mads Holm", null, null, null, null, true, true))
        .await();
    schedules
        .saveContact(
            pool,
            new Contact(
                doctor, CLINIC, "Lars Berg", "laege@vios.demo", null, null, null, true, true))
        .await();
    schedules
        .saveContact(
            pool,
            new Contact(
                backup, CLINIC, "Eva Lund", "bagvagt@vios.demo", null, null, null, true, true))
        .await();
    LocalDate anchor = LocalDate.now(cph).minusDays(7);
    schedules
        .addRotation(
            pool,
            new Rotation(
                0,
                CLINIC,
                OnCallRole.NURSE_ON_DUTY,
                cph,
                anchor,
                1,
                List.of(LocalTime.of(7, 0), LocalTime.of(19, 0)),
                List.of(nurse, nurse2)))
        .await();
    schedules
        .addRotation(
            pool,
            new Rotation(
                0,
                CLINIC,
                OnCallRole.ONCALL_DOCTOR,
                cph,
                anchor,
                7,
                List.of(LocalTime.of(8, 0)),
                List.of(doctor)))
        .await();
    schedules
        .addRotation(
            pool,
            new Rotation(
                0,
                CLINIC,
                OnCallRole.BACKUP_DOCTOR,
                cph,
                anchor,
                7,
                List.of(LocalTime.of(8, 0)),
                List.of(backup)))
        .await();
  }

  private static void provision(
      RegistryStore registry, Pool pool, SimConfig config, Instant boundFrom) {
    registry.createClinic(CLINIC, "ViosKlinikken (demo)", "Europe/Copenhagen").await();
    pool.preparedQuery("UPDATE clinics SET phone = coalesce(phone, $2) WHERE id = $1")
        .execute(Tuple.of(CLINIC, DemoUsers.CLINIC_PHONE))
        .await();
    int i = 0;
    for (SimPatient p : config.patients()) {
      String name = NAMES.get(i % NAMES.size()) + " (demo)";
      UUID id =
          registry
              .createPatient(CLINIC, name, p.condition().name(), i % 3 == 2 ? "en" : "da")
              .await();
      // An age (62 to 86) and a phone (a demo number: no Danish number begins with 0), so the
      // alert page shows both.
      pool.preparedQuery("UPDATE patients SET birth_date = $2, phone = $3 WHERE id = $1")
          .execute(
              Tuple.of(
                  id,
                  LocalDate.now(ZoneOffset.UTC)
                      .minusYears(62 + (i * 7) % 25)
                      .minusDays(37L * i + 11),
                  "+45 00 00 10 %02d".formatted(i + 1)))
          .await();
      for (Device d : p.devices()) {
        registry.registerDevice(d.id(), CLINIC, d.kind().name(), 172_800).await();
        registry.bind(d.id(), id, boundFrom, "demo").await();
      }
      if (i == 0) {
        // A device for trying the hub by hand with mosquitto_pub (README).
        registry.registerDevice(TRY_DEVICE, CLINIC, "OXIMETER", 172_800).await();
        registry.bind(TRY_DEVICE, id, boundFrom, "demo").await();
      }
      i++;
    }
  }
}
