package dk.telemonitoring.hub.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** How settings are read: booleans strictly, secrets from files. */
class SettingSourcesTest {

  @ParameterizedTest
  @CsvSource({
    "true,true",
    "TRUE,true",
    "yes,true",
    "On,true",
    "1,true",
    " true ,true",
    "false,false",
    "False,false",
    "no,false",
    "OFF,false",
    "0,false"
  })
  void booleansReadTheWaysPeopleWriteThem(String written, boolean meant) {
    HubConfig config = HubConfig.resolve(Map.of(), Map.of("HUB_FEEDBACK_RECEIPTS", written));
    assertThat(config.getBoolean(Setting.FEEDBACK_RECEIPTS)).isEqualTo(meant);
  }

  @ParameterizedTest
  @ValueSource(strings = {"ture", "2", "enabled", "", "y es"})
  void anyOtherBooleanStopsTheStartNamingTheVariable(String written) {
    assertThatThrownBy(() -> HubConfig.resolve(Map.of(), Map.of("HUB_TRIAGE_ENABLED", written)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("HUB_TRIAGE_ENABLED")
        .hasMessageContaining("true or false");
  }

  @Test
  void aSecretComesFromTheFileItsFileVariableNames(@TempDir Path dir) throws Exception {
    Path secret = dir.resolve("db_password");
    Files.writeString(secret, "s3cret with spaces \n");
    HubConfig config =
        HubConfig.resolve(Map.of(), Map.of("HUB_DB_PASSWORD_FILE", secret.toString()));
    assertThat(config.get(Setting.DB_PASSWORD)).isEqualTo("s3cret with spaces ");
    assertThat(config.db().password()).isEqualTo("s3cret with spaces ");
  }

  @Test
  void aValueAndItsFileTogetherAreRefused(@TempDir Path dir) throws Exception {
    Path secret = dir.resolve("token");
    Files.writeString(secret, "from-file");
    assertThatThrownBy(
            () ->
                HubConfig.resolve(
                    Map.of(),
                    Map.of(
                        "HUB_API_SERVICE_TOKEN",
                        "direct",
                        "HUB_API_SERVICE_TOKEN_FILE",
                        secret.toString())))
        .hasMessageContaining("HUB_API_SERVICE_TOKEN or HUB_API_SERVICE_TOKEN_FILE");
  }

  @Test
  void anUnreadableSecretFileStopsTheStartWithoutPrintingASecret(@TempDir Path dir) {
    String missing = dir.resolve("absent").toString();
    assertThatThrownBy(() -> HubConfig.resolve(Map.of(), Map.of("HUB_SMTP_PASSWORD_FILE", missing)))
        .hasMessageContaining("HUB_SMTP_PASSWORD_FILE")
        .hasMessageContaining(missing);
  }

  @Test
  void aSystemPropertyOrOverrideStillWinsOverTheFile(@TempDir Path dir) throws Exception {
    Path secret = dir.resolve("pw");
    Files.writeString(secret, "from-file");
    HubConfig config =
        HubConfig.resolve(
            Map.of(Setting.DB_PASSWORD, "override"),
            Map.of("HUB_DB_PASSWORD_FILE", secret.toString()));
    assertThat(config.get(Setting.DB_PASSWORD)).isEqualTo("override");
  }
}
