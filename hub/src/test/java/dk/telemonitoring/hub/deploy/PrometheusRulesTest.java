package dk.telemonitoring.hub.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.hub.support.TestHub;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.yaml.snakeyaml.Yaml;

/**
 * The Prometheus alert rules in docker/ are loaded by Prometheus, cover what an operator must hear
 * of, and every expression names a metric a running hub really exports (a renamed metric would
 * silently never fire). Without promtool on the build machine this is the check of the file.
 */
@Timeout(120)
class PrometheusRulesTest {

  private static final Path PROMETHEUS = Path.of("..", "docker", "prometheus");

  /** Prometheus' own series: up is 0 when a hub cannot be scraped. */
  private static final Set<String> PROMETHEUS_OWN = Set.of("up");

  private static final Pattern NOT_METRIC =
      Pattern.compile(
          "\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)"
              + "|\\{[^}]*}|\\[[^]]*]|\"[^\"]*\"|\\b(and|or|unless)\\b");
  private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*(\\s*\\()?");

  @Test
  void everyRuleNamesMetricsARunningHubExportsAndTheRulesAreLoaded() throws Exception {
    List<Map<String, Object>> rules = rules();
    Set<String> exported;
    try (TestHub hub = TestHub.inFreshDatabase("promrules")) {
      exported = metricNames(scrape(hub));
    }

    assertThat(rules)
        .extracting(r -> (String) r.get("alert"))
        .contains(
            "HubDown",
            "HubBrokerDisconnected",
            "HubBatchFailures",
            "HubTriageLag",
            "NotificationsDeadLettered",
            "NobodyOnCall");
    for (Map<String, Object> rule : rules) {
      String expr = (String) rule.get("expr");
      assertThat(metricsIn(expr))
          .as("metrics of %s: %s", rule.get("alert"), expr)
          .isNotEmpty()
          .allSatisfy(
              m -> assertThat(exported.contains(m) || PROMETHEUS_OWN.contains(m)).as(m).isTrue());
      assertThat(rule).containsKeys("labels", "annotations");
      assertThat(map(rule.get("labels"))).containsKey("severity");
      assertThat(map(rule.get("annotations"))).containsKeys("summary", "description");
    }
    assertThat(Files.readString(PROMETHEUS.resolve("prometheus.yml")))
        .contains("rule_files:", "/etc/prometheus/alerts.yml");
    assertThat(Files.readString(PROMETHEUS.resolve("..").resolve("compose.yaml")))
        .contains("./prometheus/alerts.yml:/etc/prometheus/alerts.yml:ro");
  }

  @Test
  void metricNamesAreFoundInExpressionsWithoutFunctionsLabelsOrRanges() {
    assertThat(metricsIn("max(delta(hub_x_total{job=\"a\"}[15m])) by (instance) > 0"))
        .containsExactly("hub_x_total");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object yaml) {
    return (Map<String, Object>) yaml;
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> rules() throws Exception {
    Map<String, Object> file = new Yaml().load(Files.readString(PROMETHEUS.resolve("alerts.yml")));
    List<Map<String, Object>> out = new ArrayList<>();
    for (Map<String, Object> group : (List<Map<String, Object>>) file.get("groups")) {
      out.addAll((List<Map<String, Object>>) group.get("rules"));
    }
    return out;
  }

  /** Identifiers of an expression that are neither functions, labels, ranges nor keywords. */
  static Set<String> metricsIn(String expr) {
    String bare = NOT_METRIC.matcher(expr).replaceAll(" ");
    Set<String> out = new TreeSet<>();
    Matcher m = IDENTIFIER.matcher(bare);
    while (m.find()) {
      if (m.group(1) == null && !m.group().matches("\\d.*")) {
        out.add(m.group());
      }
    }
    // Numbers and duration literals outside ranges are not identifiers; drop bare numerals' tails.
    out.removeIf(s -> s.matches("[eE]\\d*"));
    return out;
  }

  private static Set<String> metricNames(String exposition) {
    Set<String> out = new TreeSet<>();
    for (String line : exposition.lines().toList()) {
      if (!line.isBlank() && !line.startsWith("#")) {
        out.add(line.split("[{ ]", 2)[0]);
      }
    }
    return out;
  }

  private static String scrape(TestHub hub) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(hub.httpBase() + "/metrics")).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }
}
