package dk.telemonitoring.hub.app;

import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.hub.support.Devices;
import dk.telemonitoring.hub.support.Sql;
import dk.telemonitoring.hub.support.TestHub;
import dk.telemonitoring.hub.support.TestServices;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The provisioning CLI against a running hub: what it registers is what ingest then accepts. */
class ProvisionCommandTest {

  @Test
  void aDeviceProvisionedFromTheCommandLineHasItsReadingsStored() {
    var server = TestServices.postgres();
    var db = TestServices.freshDatabase(server, "cli");
    String topicRoot = TestServices.uniqueTopicRoot();
    try (TestHub hub =
            TestHub.start(TestHub.settings(db, topicRoot, "hub-cli-" + UUID.randomUUID()));
        Devices devices = new Devices(topicRoot)) {
      assertThat(run(hub, "clinic", "--id", "cli", "--name", "CLI clinic")).isZero();
      StringWriter patientOut = new StringWriter();
      assertThat(
              run(
                  hub,
                  patientOut,
                  "patient",
                  "--clinic",
                  "cli",
                  "--name",
                  "P",
                  "--condition",
                  "COPD"))
          .isZero();
      String patientId =
          new io.vertx.core.json.JsonObject(patientOut.toString().trim()).getString("id");
      assertThat(run(hub, "device", "--clinic", "cli", "--id", "ox-cli-1", "--kind", "OXIMETER"))
          .isZero();
      assertThat(
              run(
                  hub,
                  "bind",
                  "--device",
                  "ox-cli-1",
                  "--patient",
                  patientId,
                  "--from",
                  Instant.now().minusSeconds(3600).toString()))
          .isZero();
      assertThat(run(hub, "device", "--clinic", "cli", "--id", "ox-cli-1", "--kind", "OXIMETER"))
          .as("registering twice is refused")
          .isEqualTo(1);
      assertThat(run(hub, "patient", "--clinic", "cli", "--name", "P"))
          .as("missing option")
          .isEqualTo(2);

      devices.publish(
          devices.readingsTopic("cli", "ox-cli-1"), Devices.spo2("cli-1", Instant.now(), 95, 70));
      assertThat(
              Sql.awaitCount(
                  db,
                  Duration.ofSeconds(5),
                  n -> n == 2,
                  "SELECT count(*) FROM readings WHERE msg_id = 'cli-1' AND patient_id = ?::uuid",
                  patientId))
          .isEqualTo(2);

      assertThat(run(hub, "retire", "--device", "ox-cli-1")).isZero();
      devices.publish(
          devices.readingsTopic("cli", "ox-cli-1"),
          Devices.spo2("cli-2", Instant.now().plusSeconds(1), 95, 70));
      assertThat(
              Sql.awaitCount(
                  db,
                  Duration.ofSeconds(5),
                  n -> n == 1,
                  "SELECT count(*) FROM quarantine WHERE reason_code = 'device_retired'"))
          .isEqualTo(1);
    } finally {
      TestServices.dropDatabase(db, server);
    }
  }

  private static int run(TestHub hub, String... args) {
    return run(hub, new StringWriter(), args);
  }

  private static int run(TestHub hub, StringWriter out, String... args) {
    String[] full = new String[args.length + 5];
    full[0] = "provision";
    full[1] = "--hub";
    full[2] = hub.httpBase();
    full[3] = "--token";
    full[4] = TestHub.SERVICE_TOKEN;
    System.arraycopy(args, 0, full, 5, args.length);
    CommandLine cli = new CommandLine(new HubCli());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(new StringWriter(), true));
    return cli.execute(full);
  }
}
