package dk.telemonitoring.hub.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.status.Status;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

/** The hub's own logback.xml (not the tests'), as HUB_LOG_FORMAT and HUB_LOG_LEVEL set it. */
class LoggingConfigurationTest {

  @Test
  void textLinesCarryTheDateAndZoneNotJustTheTimeOfDay() throws Exception {
    List<String> lines = logged(Map.of(), "reading rejected [deviceId: {}]", "ox-1");

    assertThat(lines).hasSize(1);
    assertThat(lines.get(0))
        .matches(
            "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}(Z|[+-]\\d{2}:\\d{2}) INFO .*"
                + " - reading rejected \\[deviceId: ox-1]");
  }

  @Test
  void jsonWritesOneObjectPerLineWithTheFormattedMessage() throws Exception {
    List<String> lines =
        logged(Map.of("HUB_LOG_FORMAT", "json"), "reading rejected [deviceId: {}]", "ox-1");

    assertThat(lines).hasSize(1);
    JsonObject line = new JsonObject(lines.get(0));
    assertThat(line.getString("level")).isEqualTo("INFO");
    assertThat(line.getString("loggerName")).isEqualTo("dk.telemonitoring.hub.test");
    assertThat(line.getString("formattedMessage")).isEqualTo("reading rejected [deviceId: ox-1]");
    assertThat(line.getLong("timestamp")).isPositive();
    assertThat(line.containsKey("arguments")).as("raw arguments left out").isFalse();
  }

  @Test
  void levelSettingDropsLinesBelowIt() throws Exception {
    assertThat(logged(Map.of("HUB_LOG_LEVEL", "WARN"), "routine {}", "x")).isEmpty();
  }

  /** Configures a fresh context from the hub's logback.xml and returns what one info line wrote. */
  private static List<String> logged(Map<String, String> properties, String format, Object arg)
      throws Exception {
    LoggerContext context = new LoggerContext();
    context.setMDCAdapter(new LogbackMDCAdapter());
    properties.forEach(context::putProperty);
    PrintStream out = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      JoranConfigurator configurator = new JoranConfigurator();
      configurator.setContext(context);
      configurator.doConfigure(LoggingConfigurationTest.class.getResource("/logback.xml"));
      Logger log = context.getLogger("dk.telemonitoring.hub.test");
      log.info(format, arg);
    } finally {
      System.setOut(out);
      context.stop();
    }
    assertThat(context.getStatusManager().getCopyOfStatusList())
        .as("logback configured without warnings (a warning makes logback print its status block)")
        .noneMatch(s -> s.getLevel() >= Status.WARN);
    String text = captured.toString(StandardCharsets.UTF_8);
    return text.isEmpty() ? List.of() : List.of(text.split("\n"));
  }
}
