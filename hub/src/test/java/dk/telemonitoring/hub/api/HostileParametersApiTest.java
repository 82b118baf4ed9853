package dk.telemonitoring.hub.api;

import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.hub.support.TestHub;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Injection attempts in every parameter of every operation of the OpenAPI file
 * (hub/src/main/resources/openapi.yaml): each path and query parameter, each documented JSON body
 * field, and whole bodies of the wrong shape get SQL injection, over-long strings, control
 * characters, path traversal, odd Unicode and wrong JSON types, sent by a logged-in admin, doctor
 * or nurse of clinic A, whichever the route admits (the service token on service routes). The hub
 * never answers 5xx, every refusal is a JSON error, nothing of clinic B shows up in an answer, and
 * afterwards every table is still there with clinic B's rows and the readings untouched.
 */
class HostileParametersApiTest extends HostileApiFixture {

  /**
   * Strings a caller controls: SQL injection, sizes, control characters, traversal, Unicode,
   * template tricks.
   */
  static final List<String> HOSTILE =
      List.of(
          "' OR '1'='1",
          "1; DROP TABLE readings--",
          "'; DROP TABLE patients; --",
          "\" OR \"\"=\"",
          "clinic-a' OR '1'='1",
          "1) UNION SELECT id, display_name FROM patients--",
          "x".repeat(2000),
          "\u0000",
          "a\u0000b",
          "\u0001\u0007\u001b[31m\r\n",
          "../../../../etc/passwd",
          "..\\..\\windows",
          "🩺💉\uD83D",
          "\u202Eevil\u200B",
          "%00%27",
          "${jndi:ldap://127.0.0.1/x}",
          "<script>alert(1)</script>",
          "-1",
          "99999999999999999999999",
          "1e309",
          "NaN",
          "",
          " ",
          "null");

  /** Values of the wrong JSON type (and over-long) for a body field. */
  static final List<Object> WRONG_TYPES =
      List.of(
          123,
          -1.5,
          true,
          new JsonArray().add(1).add("a"),
          new JsonObject().put("$gt", ""),
          "y".repeat(100_000));

  /** Bodies of the wrong shape for any operation that takes one. */
  static final List<String> BAD_BODIES =
      List.of(
          "[]",
          "\"text\"",
          "123",
          "null",
          "{",
          "{\"a\":",
          "{\"a\":1}}",
          "{\"a\":\"\\u0000\"}",
          "[" + "[".repeat(5000) + "]".repeat(5000) + "]",
          "\u0000");

  HostileParametersApiTest() {
    super("hostileapi");
  }

  @Test
  @Order(2)
  void hostileValuesInEveryParameterOfEveryOperationNeverBreakTheHubOrLeakAnotherClinic()
      throws IOException {
    List<OpenApiOperation> operations = OpenApiOperation.parse(openApi());
    assertThat(operations).hasSizeGreaterThan(40);
    Map<String, Long> tablesBefore = tableCounts();
    Map<String, Long> clinicBBefore = clinicBCounts();

    ApiCaller service = ApiCaller.token(base, TestHub.SERVICE_TOKEN);

    List<String> problems = new ArrayList<>();
    int sent = 0;
    for (OpenApiOperation op : operations) {
      if (op.path.equals("/api/v1/stream")
          || op.isLogout()
          || (op.params.isEmpty() && op.bodyFields.isEmpty() && "GET".equals(op.method))) {
        continue; // the event stream never ends; logging out would end the session under test;
        // nothing to inject
      }
      ApiCaller caller =
          op.serviceToken
              ? service
              : op.isPublic() ? ApiCaller.anonymous(base) : admittedCaller(op);
      for (Request r : requestsFor(op)) {
        HttpResponse<String> response = caller.send(r.method, r.pathAndQuery, r.body);
        sent++;
        String problem = check(op, caller, r, response);
        if (problem != null) {
          problems.add(problem);
        }
      }
    }
    assertThat(sent).isGreaterThan(1500);
    assertThat(problems)
        .as("answers that broke a rule, of " + sent + " hostile requests")
        .isEmpty();
    assertThat(tableCounts().keySet())
        .as("every table is still there")
        .isEqualTo(tablesBefore.keySet());
    assertThat(clinicBCounts()).as("clinic B's rows, table by table").isEqualTo(clinicBBefore);
    assertThat(tableCounts().get("readings"))
        .as("readings")
        .isEqualTo(tablesBefore.get("readings"));
    assertThat(tableCounts().get("clinics")).as("clinics").isEqualTo(tablesBefore.get("clinics"));
  }

  /**
   * The first of clinic A's admin, doctor and nurse whose well-formed request the route admits
   * (limits are for doctors only), so the hostile values reach the parameter handling behind the
   * role check.
   */
  private ApiCaller admittedCaller(OpenApiOperation op) {
    for (ApiCaller c : callers.values()) {
      if (c.send(op.method, op.url(targets, Map.of(), Map.of()), op.baselineBody(targets))
              .statusCode()
          != 403) {
        return c;
      }
    }
    return callers.values().iterator().next();
  }

  private List<Request> requestsFor(OpenApiOperation op) {
    List<Request> out = new ArrayList<>();
    String body = op.baselineBody(targets);
    for (OpenApiOperation.Param p : op.params) {
      for (String value : HOSTILE) {
        out.add(
            new Request(
                op.method,
                op.url(
                    targets,
                    p.in().equals("path") ? Map.of(p.name(), value) : Map.of(),
                    p.in().equals("query") ? Map.of(p.name(), value) : Map.of()),
                body,
                p.name() + "=" + printable(value)));
      }
    }
    for (Map.Entry<String, String> field : op.bodyFields.entrySet()) {
      List<Object> values = new ArrayList<>(HOSTILE);
      values.addAll(WRONG_TYPES);
      for (Object value : values) {
        JsonObject b = new JsonObject(body);
        b.put(
            field.getKey(),
            "array".equals(field.getValue()) && value instanceof String s
                ? new JsonArray().add(s)
                : value);
        out.add(
            new Request(
                op.method,
                op.url(targets, Map.of(), Map.of()),
                b.encode(),
                "body." + field.getKey() + "=" + printable(String.valueOf(value))));
      }
    }
    // Bodies of the wrong shape go to every operation that reads a body (not to DELETEs: they read
    // none and would
    // simply do their job on clinic A's defaults, e.g. erase patient A).
    if (!"GET".equals(op.method) && !"DELETE".equals(op.method)) {
      for (String bad : BAD_BODIES) {
        out.add(
            new Request(
                op.method, op.url(targets, Map.of(), Map.of()), bad, "body " + printable(bad)));
      }
    }
    return out;
  }

  private String check(
      OpenApiOperation op, ApiCaller caller, Request r, HttpResponse<String> response) {
    String where =
        caller.name
            + " "
            + op.method
            + " "
            + op.path
            + " ["
            + r.what
            + "] -> "
            + response.statusCode();
    int status = response.statusCode();
    String body = response.body();
    if (status >= 500) {
      return where + " " + abbreviate(body);
    }
    if (!caller.name.equals("service token")) {
      for (String marker : clinicBMarkers) {
        if (body.contains(marker)) {
          return where + " shows clinic B's " + marker;
        }
      }
    }
    String type = response.headers().firstValue("content-type").orElse("");
    if (!type.startsWith("application/json") && body.contains("<script>alert(1)</script>")) {
      return where + " echoes markup unescaped in " + type;
    }
    if (status >= 300) {
      try {
        if (!type.startsWith("application/json")
            || new JsonObject(body).getString("error", "").isBlank()) {
          return where + " is not a JSON error: " + type + " " + abbreviate(body);
        }
      } catch (RuntimeException e) {
        return where + " is not a JSON error: " + type + " " + abbreviate(body);
      }
    }
    return null;
  }

  private static String printable(String s) {
    StringBuilder b = new StringBuilder();
    for (char c :
        (s.length() > 40 ? s.substring(0, 20) + "...(" + s.length() + ")" : s).toCharArray()) {
      b.append(c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c));
    }
    return b.toString();
  }

  private static String abbreviate(String s) {
    return s.length() > 200 ? s.substring(0, 200) + "..." : s;
  }

  private String openApi() throws IOException {
    try (InputStream in = getClass().getResourceAsStream("/openapi.yaml")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** Row count of every table of the hub's schema. */
  private Map<String, Long> tableCounts() {
    Map<String, Long> out = new TreeMap<>();
    for (String table : query("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")) {
      out.put(table, Long.parseLong(query("SELECT count(*) FROM \"" + table + "\"").get(0)));
    }
    return out;
  }

  /**
   * Per table with a clinic or patient column: the rows of clinic B and of its patient. The daily
   * aggregates are left out: the hub's retention job fills them from the readings in the
   * background.
   */
  private Map<String, Long> clinicBCounts() {
    Map<String, Long> out = new TreeMap<>();
    for (String row :
        query(
            "SELECT table_name || ' ' || column_name FROM information_schema.columns "
                + "WHERE table_schema = 'public' AND column_name IN ('clinic_id', 'patient_id') "
                + "AND table_name NOT LIKE 'reading\\_daily%'")) {
      String[] tc = row.split(" ");
      String match = tc[1].equals("clinic_id") ? "'clinic-b'" : "'" + patientB + "'";
      out.put(
          row,
          Long.parseLong(
              query("SELECT count(*) FROM \"" + tc[0] + "\" WHERE " + tc[1] + "::text = " + match)
                  .get(0)));
    }
    return out;
  }

  private List<String> query(String sql) {
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      List<String> out = new ArrayList<>();
      while (rs.next()) {
        out.add(rs.getString(1));
      }
      return out;
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  record Request(String method, String pathAndQuery, String body, String what) {}
}
