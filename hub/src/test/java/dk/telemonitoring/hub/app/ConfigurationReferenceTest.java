package dk.telemonitoring.hub.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dk.telemonitoring.hub.config.DbUrl;
import dk.telemonitoring.hub.config.HubConfig;
import dk.telemonitoring.hub.config.Setting;
import dk.telemonitoring.hub.config.SettingsReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigurationReferenceTest {

  @Test
  void docsListExactlyTheSettingsTheCodeReads() throws Exception {
    String reference = Files.readString(Path.of("..", "docs", "configuration.md"));
    assertThat(reference).contains(SettingsReference.markdown().strip());
  }

  @Test
  void environmentOverridesDefaultsAndOverridesWinOverEnvironment() {
    HubConfig fromEnv = HubConfig.resolve(Map.of(), Map.of("HUB_INGEST_BATCH_MAX", "42"));
    assertThat(fromEnv.getInt(Setting.INGEST_BATCH_MAX)).isEqualTo(42);
    assertThat(fromEnv.get(Setting.MQTT_TOPIC_ROOT)).isEqualTo("tm/v1");
    HubConfig overridden =
        HubConfig.resolve(
            Map.of(Setting.INGEST_BATCH_MAX, "7"), Map.of("HUB_INGEST_BATCH_MAX", "42"));
    assertThat(overridden.getInt(Setting.INGEST_BATCH_MAX)).isEqualTo(7);
  }

  @Test
  void aNonNumericNumberNamesTheVariable() {
    HubConfig config = HubConfig.resolve(Map.of(), Map.of("HUB_DB_POOL_SIZE", "eight"));
    assertThatThrownBy(() -> config.getInt(Setting.DB_POOL_SIZE))
        .hasMessageContaining("HUB_DB_POOL_SIZE");
  }

  @Test
  void databaseUrlKeepsThePasswordOutOfItsPrintedForm() {
    DbUrl db = DbUrl.parse("postgresql://tm:s3cret@db.example:6432/hub", "", "");
    assertThat(db.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example:6432/hub");
    assertThat(db.password()).isEqualTo("s3cret");
    assertThat(db.toString()).doesNotContain("s3cret");
  }
}
