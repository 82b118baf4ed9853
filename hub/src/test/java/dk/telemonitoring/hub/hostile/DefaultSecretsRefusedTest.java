package dk.telemonitoring.hub.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.hub.app.HubCli;
import dk.telemonitoring.hub.config.DbUrl;
import dk.telemonitoring.hub.config.Setting;
import dk.telemonitoring.hub.support.TestHub;
import dk.telemonitoring.hub.support.TestServices;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Outside demo mode the hub refuses to start without its own acknowledge-link secret, rather than
 * sign the links that acknowledge alerts with the development secret everybody can read in the
 * source. (Authentication, roles and CSRF of the API are covered by the API's own tests.)
 */
@Timeout(90)
class DefaultSecretsRefusedTest {

  @Test
  void aHubWithoutItsAckSecretOutsideDemoModeExitsWithAClearMessage() throws Exception {
    DbUrl server = TestServices.postgres();
    DbUrl db = TestServices.freshDatabase(server, "secrets");
    try {
      Map<Setting, String> settings =
          TestHub.settings(db, TestServices.uniqueTopicRoot(), "hub-secrets-" + UUID.randomUUID());
      settings.remove(Setting.ALERTS_ACK_SECRET);
      settings.put(Setting.HTTP_PORT, String.valueOf(TestServices.freePort()));
      ProcessBuilder pb =
          new ProcessBuilder(
              Path.of(System.getProperty("java.home"), "bin", "java").toString(),
              "-Xmx256m",
              "-cp",
              System.getProperty("java.class.path"),
              HubCli.class.getName(),
              "run");
      pb.environment().remove(Setting.ALERTS_ACK_SECRET.envName());
      pb.environment().remove(Setting.DEMO_MODE.envName());
      settings.forEach((k, v) -> pb.environment().put(k.envName(), v));
      Process hub = pb.redirectErrorStream(true).start();
      try {
        String output = new String(hub.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(hub.waitFor(60, TimeUnit.SECONDS))
            .as("the hub exits instead of running")
            .isTrue();
        assertThat(hub.exitValue()).as("exit status").isNotZero();
        assertThat(output)
            .contains("hub failed to start")
            .contains("HUB_ALERTS_ACK_SECRET must be set");
      } finally {
        hub.destroyForcibly();
      }
    } finally {
      TestServices.dropDatabase(db, server);
    }
  }
}
