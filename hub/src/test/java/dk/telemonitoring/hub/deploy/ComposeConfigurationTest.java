package dk.telemonitoring.hub.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.hub.config.Setting;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The deployment in docker/ speaks the hub's one configuration reference (Setting.java,
 * docs/configuration.md) and keeps its defaults: no second set of defaults.
 *
 * <p>What "compose and the hub's defaults agree" means here:
 *
 * <ul>
 *   <li>every HUB_* name in docker/ is a setting the hub reads (a typo would be silently ignored by
 *       the hub);
 *   <li>the compose file sets only deployment-specific settings (addresses, credentials, instance
 *       ids, public URL, SMTP, the retention choice); any other setting it names must restate the
 *       hub's default exactly;
 *   <li>every {@code ${VAR:-fallback}} fallback equals the hub's default, and {@code ${VAR:?}}
 *       (must be given) is used only for deployment-specific settings;
 *   <li>the parts that must fit the hub's defaults do: the broker's in-flight window and packet
 *       limit against HUB_INGEST_MAX_IN_FLIGHT and HUB_INGEST_MAX_PAYLOAD_BYTES, the HTTP port in
 *       the Dockerfile, compose and Prometheus against HUB_HTTP_PORT, the shared-subscription group
 *       against HUB_MQTT_SHARE_GROUP and the ACL.
 * </ul>
 *
 * And {@code docker-compose config} accepts the files (run when docker-compose is on PATH, as in
 * CI).
 */
class ComposeConfigurationTest {

  private static final Path DOCKER = Path.of("..", "docker");
  private static final Pattern HUB_NAME = Pattern.compile("\\bHUB_[A-Z0-9_]+\\b");
  private static final Pattern ENV_LINE =
      Pattern.compile("^\\s+(HUB_[A-Z0-9_]+):\\s*(.*?)\\s*$", Pattern.MULTILINE);
  private static final Pattern INTERPOLATION =
      Pattern.compile("^\\$\\{([A-Z0-9_]+)(?:(:-|:\\?)(.*))?}$");
  private static final Map<String, Setting> BY_ENV =
      Setting.all().stream().collect(Collectors.toMap(Setting::envName, Function.identity()));

  /** What a deployment must decide for itself; everything else keeps the hub's default. */
  private static final Set<Setting> DEPLOYMENT_SPECIFIC =
      EnumSet.of(
          Setting.MQTT_URL,
          Setting.MQTT_CLIENT_ID,
          Setting.MQTT_USERNAME,
          Setting.MQTT_PASSWORD,
          Setting.DB_URL,
          Setting.DB_USER,
          Setting.DB_PASSWORD,
          Setting.API_SERVICE_TOKEN,
          Setting.ALERTS_ACK_SECRET,
          Setting.PUBLIC_URL,
          Setting.HTTP_TRUSTED_PROXIES,
          Setting.SMTP_HOST,
          Setting.SMTP_PORT,
          Setting.SMTP_USERNAME,
          Setting.SMTP_PASSWORD,
          Setting.SMTP_FROM,
          Setting.RETENTION_RAW_DAYS);

  @Test
  void everyHubVariableInTheDeploymentIsASettingTheHubReads() throws IOException {
    Set<String> unknown = new TreeSet<>();
    for (String file : List.of("compose.yaml", "compose.demo.yaml", ".env.example", "Dockerfile")) {
      Matcher m = HUB_NAME.matcher(read(file));
      while (m.find()) {
        if (!BY_ENV.containsKey(m.group())) {
          unknown.add(file + ": " + m.group());
        }
      }
    }
    assertThat(unknown).as("names the hub does not read (Setting.java)").isEmpty();
  }

  @Test
  void composeSetsOnlyDeploymentSpecificSettingsAndRestatesNoDefaultDifferently()
      throws IOException {
    List<String> problems = new ArrayList<>();
    int checked = 0;
    for (String file : List.of("compose.yaml", "compose.demo.yaml")) {
      Matcher m = ENV_LINE.matcher(read(file));
      while (m.find()) {
        checked++;
        Setting s = BY_ENV.get(m.group(1));
        String value = unquote(m.group(2));
        Matcher i = INTERPOLATION.matcher(value);
        if (i.matches()) {
          String op = i.group(2);
          if (":-".equals(op) && !i.group(3).equals(s.defaultValue())) {
            problems.add(
                file
                    + ": "
                    + m.group(1)
                    + " falls back to '"
                    + i.group(3)
                    + "', the hub's default is '"
                    + s.defaultValue()
                    + "'");
          }
          if (!":-".equals(op) && !DEPLOYMENT_SPECIFIC.contains(s)) {
            problems.add(
                file
                    + ": "
                    + m.group(1)
                    + " is required from the environment but has a default in the hub");
          }
        } else if (!DEPLOYMENT_SPECIFIC.contains(s) && !value.equals(s.defaultValue())) {
          problems.add(
              file
                  + ": "
                  + m.group(1)
                  + "="
                  + value
                  + " differs from the hub's default '"
                  + s.defaultValue()
                  + "': change the default in Setting.java or make it deployment-specific here");
        }
      }
    }
    Matcher env =
        Pattern.compile("^(HUB_[A-Z0-9_]+)=(.*)$", Pattern.MULTILINE).matcher(read(".env.example"));
    while (env.find()) {
      Setting s = BY_ENV.get(env.group(1));
      if (!DEPLOYMENT_SPECIFIC.contains(s) && !env.group(2).equals(s.defaultValue())) {
        problems.add(".env.example: " + env.group(1) + " differs from the hub's default");
      }
      if (DEPLOYMENT_SPECIFIC.contains(s)
          && !env.group(2).isEmpty()
          && !env.group(2).contains("CHANGE-ME")
          && !env.group(2).equals(s.defaultValue())
          && !env.group(2).startsWith("https://hub.example.org")) {
        problems.add(
            ".env.example: "
                + env.group(1)
                + " looks like a real value; use a CHANGE-ME placeholder");
      }
    }
    assertThat(checked).isGreaterThan(10);
    assertThat(problems).isEmpty();
  }

  @Test
  void twoHubsShareOneSubscriptionUnderDistinctClientIds() throws IOException {
    String compose = read("compose.yaml");
    List<String> ids = values(compose, "HUB_MQTT_CLIENT_ID");
    assertThat(ids).hasSize(2).doesNotHaveDuplicates();
    List<String> groups = values(compose, "HUB_MQTT_SHARE_GROUP");
    assertThat(groups).containsOnly(Setting.MQTT_SHARE_GROUP.defaultValue());
    assertThat(compose).contains("hub-1:", "hub-2:").contains("<<: *hub-env");
    Path acl = DOCKER.resolve("mosquitto").resolve("acl");
    if (Files.exists(acl)) {
      assertThat(Files.readString(acl))
          .contains(
              "$share/"
                  + Setting.MQTT_SHARE_GROUP.defaultValue()
                  + "/"
                  + Setting.MQTT_TOPIC_ROOT.defaultValue()
                  + "/");
    }
  }

  @Test
  void brokerConfigurationFitsTheHubsIngestDefaults() throws IOException {
    List<String> configs = new ArrayList<>(List.of("dev/mosquitto-demo.conf"));
    if (Files.exists(DOCKER.resolve("mosquitto/mosquitto.conf"))) {
      configs.add("mosquitto/mosquitto.conf");
    }
    String compose = read("compose.yaml");
    for (String file : configs) {
      Map<String, String> conf = mosquittoOptions(read(file));
      assertThat(conf.get("persistence")).as(file + " persistence").isEqualTo("true");
      assertThat(Long.parseLong(conf.get("max_queued_messages")))
          .as(file + " max_queued_messages")
          .isGreaterThan(1000);
      assertThat(Long.parseLong(conf.get("max_inflight_messages")))
          .as(file + " max_inflight_messages")
          .isGreaterThan(20)
          .isLessThanOrEqualTo(Long.parseLong(Setting.INGEST_MAX_IN_FLIGHT.defaultValue()));
      assertThat(Long.parseLong(conf.get("max_packet_size")))
          .as(file + " max_packet_size")
          .isGreaterThan(Long.parseLong(Setting.INGEST_MAX_PAYLOAD_BYTES.defaultValue()));
    }
    if (configs.contains("mosquitto/mosquitto.conf")) {
      // Every file the production broker reads is mounted where it reads it.
      Matcher m =
          Pattern.compile(
                  "^(?:acl_file|password_file|cafile|certfile|keyfile)\\s+(\\S+)",
                  Pattern.MULTILINE)
              .matcher(read("mosquitto/mosquitto.conf"));
      while (m.find()) {
        String path = m.group(1);
        String dir = path.substring(0, path.lastIndexOf('/'));
        assertThat(compose)
            .as("compose mounts " + path)
            .containsPattern(
                ":("
                    + Pattern.quote(path)
                    + "|"
                    + Pattern.quote(dir)
                    + ")(:ro)?\\s*$|:("
                    + Pattern.quote(path)
                    + "|"
                    + Pattern.quote(dir)
                    + "):ro");
      }
    }
  }

  @Test
  void httpPortAgreesEverywhereWithTheHubsDefault() throws IOException {
    String port = Setting.HTTP_PORT.defaultValue();
    assertThat(values(read("compose.yaml"), "HUB_HTTP_PORT")).isEmpty();
    // Only the TLS proxy is published: the hubs' own port stays inside the compose network.
    assertThat(read("compose.yaml")).doesNotContain(":" + port + "\"").contains("\"443:443\"");
    assertThat(read("caddy/Caddyfile"))
        .contains("reverse_proxy hub-1:" + port + " hub-2:" + port, "health_uri /health/ready");
    assertThat(read("Dockerfile"))
        .contains(
            "EXPOSE " + port, "${HUB_HTTP_PORT:-" + port + "}", "/health/ready", "USER 10001");
    assertThat(read("prometheus/prometheus.yml"))
        .contains("hub-1:" + port, "hub-2:" + port, "metrics_path: /metrics");
  }

  @Test
  void grafanaProvisionsTheDashboardsFolderAndBothDataSources() throws IOException {
    assertThat(read("compose.yaml"))
        .contains(
            "../dashboards/grafana:/var/lib/grafana/dashboards/telemonitoring:ro",
            "./grafana/provisioning:/etc/grafana/provisioning:ro");
    assertThat(read("grafana/provisioning/dashboards/dashboards.yml"))
        .contains("path: /var/lib/grafana/dashboards/telemonitoring");
    assertThat(read("grafana/provisioning/datasources/datasources.yml"))
        .contains(
            "type: prometheus", "type: grafana-postgresql-datasource", "user: grafana_reader");
  }

  @Test
  void dockerComposeConfigAcceptsTheFiles() throws Exception {
    Assumptions.assumeTrue(
        onPath("docker-compose"),
        "docker-compose is not on PATH (CI installs it in .ci/services-up); compose files not validated here");
    String envFile = DOCKER.resolve(".env.example").toAbsolutePath().normalize().toString();
    run(List.of("docker-compose", "--env-file", envFile, "-f", "compose.yaml", "config", "-q"));
    run(
        List.of(
            "docker-compose",
            "--env-file",
            envFile,
            "-f",
            "compose.yaml",
            "-f",
            "compose.demo.yaml",
            "--profile",
            "simulator",
            "config",
            "-q"));
  }

  private static void run(List<String> command) throws Exception {
    Process p =
        new ProcessBuilder(command).directory(DOCKER.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(String.join(" ", command) + "\n" + out).isZero();
  }

  private static boolean onPath(String program) {
    String path = System.getenv("PATH");
    return path != null
        && Arrays.stream(path.split(File.pathSeparator))
            .anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
  }

  private static Map<String, String> mosquittoOptions(String conf) {
    return conf.lines()
        .map(String::strip)
        .filter(l -> !l.isEmpty() && !l.startsWith("#"))
        .map(l -> l.split("\\s+", 2))
        .filter(a -> a.length == 2)
        .collect(Collectors.toMap(a -> a[0], a -> a[1], (a, b) -> b));
  }

  private static List<String> values(String yaml, String name) {
    List<String> out = new ArrayList<>();
    Matcher m = ENV_LINE.matcher(yaml);
    while (m.find()) {
      if (m.group(1).equals(name)) {
        out.add(unquote(m.group(2)));
      }
    }
    return out;
  }

  private static String unquote(String v) {
    return v.length() >= 2
            && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))
        ? v.substring(1, v.length() - 1)
        : v;
  }

  private static String read(String file) throws IOException {
    return Files.readString(DOCKER.resolve(file));
  }
}
