package dk.telemonitoring.hub.api;

import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.alerts.domain.AlertSignal;
import dk.telemonitoring.alerts.domain.Level;
import dk.telemonitoring.hub.app.DbUrl;
import dk.telemonitoring.hub.support.TestHub;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Injection attempts in every parameter of every operation of the OpenAPI file (hub/src/main/resources/openapi.yaml):
 * each path and query parameter, each documented JSON body field, and whole bodies of the wrong shape get SQL
 * injection, over-long strings, control characters, path traversal, odd Unicode and wrong JSON types, sent by a
 * logged-in admin, doctor or nurse of clinic A, whichever the route admits (the service token on service routes). The hub never answers
 * 5xx, every refusal is a JSON error, nothing of clinic B shows up in an answer, and afterwards every table is still
 * there with clinic B's rows and the readings untouched.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileParametersApiTest {

  static final String PASSWORD = "correct horse battery";

  /** Strings a caller controls: SQL injection, sizes, control characters, traversal, Unicode, template tricks. */
  static final List<String> HOSTILE = List.of(
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
  static final List<Object> WRONG_TYPES = List.of(123, -1.5, true, new JsonArray().add(1).add("a"),
      new JsonObject().put("$gt", ""), "y".repeat(100_000));

  /** Bodies of the wrong shape for any operation that takes one. */
  static final List<String> BAD_BODIES = List.of("[]", "\"text\"", "123", "null", "{", "{\"a\":", "{\"a\":1}}",
      "{\"a\":\"\\u0000\"}", "[" + "[".repeat(5000) + "]".repeat(5000) + "]", "\u0000");

  DbUrl db;
  TestHub hub;
  String base;
  UUID patientA;
  UUID patientB;
  UUID alertA;
  UUID alertB;
  String throwawayUserId;
  /** Strings that identify clinic B's data in any answer given to clinic A. */
  List<String> clinicBMarkers;
  /** Clinic A's admin, doctor and nurse, logged in before any test spends the address's failed-login budget. */
  final Map<String, Caller> callers = new LinkedHashMap<>();

  @BeforeAll
  void start() {
    hub = TestHub.inFreshDatabase("hostileapi");
    db = hub.db();
    base = hub.httpBase();
    patientA = hub.provision("clinic-a", "ox-a-1", "COPD");
    patientB = hub.provision("clinic-b", "ox-b-1", "COPD");
    ApiClient.createTwoClinicStaff(base, TestHub.SERVICE_TOKEN, PASSWORD);
    ApiClient.createUser(base, TestHub.SERVICE_TOKEN, "throwaway.a@test.dk", PASSWORD, "nurse", "clinic-a");
    Instant t = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
    exec("""
        INSERT INTO readings (measured_at, device_id, msg_id, code, patient_id, clinic_id, value, unit, received_at)
        SELECT '%1$s'::timestamptz + g * interval '1 minute', d, 'seed-' || g, 'spo2', p::uuid, c, 93, '%%', now()
        FROM generate_series(0, 9) g,
             (VALUES ('ox-a-1', '%2$s', 'clinic-a'), ('ox-b-1', '%3$s', 'clinic-b')) AS x(d, p, c)"""
        .formatted(t, patientA, patientB));
    alertA = raise(patientA, "clinic-a");
    alertB = raise(patientB, "clinic-b");
    // Clinic B's nurse reads clinic B's patient, so the audit log holds clinic B rows an admin of A must not see.
    ApiClient nurseB = ApiClient.loggedIn(base, "nurse.b@test.dk", PASSWORD);
    assertThat(nurseB.get("/api/v1/patients/" + patientB).statusCode()).isEqualTo(200);
    throwawayUserId = ApiClient.loggedIn(base, "throwaway.a@test.dk", PASSWORD).json("/api/v1/session")
        .getJsonObject("user").getString("id");
    String nurseBId = nurseB.json("/api/v1/session").getJsonObject("user").getString("id");
    for (String who : List.of("admin.a@test.dk", "doctor.a@test.dk", "nurse.a@test.dk")) {
      callers.put(who, Caller.session(who, ApiClient.loggedIn(base, who, PASSWORD)));
    }
    clinicBMarkers = List.of(patientB.toString(), alertB.toString(), "clinic-b", "ox-b-1", "nurse.b@test.dk", nurseBId);
  }

  @AfterAll
  void stop() {
    if (hub != null) {
      hub.close();
    }
  }

  @Test
  @Order(2)
  void hostileValuesInEveryParameterOfEveryOperationNeverBreakTheHubOrLeakAnotherClinic() throws IOException {
    List<Operation> operations = Operation.parse(openApi());
    assertThat(operations).hasSizeGreaterThan(40);
    Map<String, Long> tablesBefore = tableCounts();
    Map<String, Long> clinicBBefore = clinicBCounts();

    Caller service = Caller.token(base, TestHub.SERVICE_TOKEN);

    List<String> problems = new ArrayList<>();
    int sent = 0;
    for (Operation op : operations) {
      if (op.path.equals("/api/v1/stream") || op.isLogout() || (op.params.isEmpty() && op.bodyFields.isEmpty()
          && "GET".equals(op.method))) {
        continue; // the event stream never ends; logging out would end the session under test; nothing to inject
      }
      Caller caller = op.serviceToken ? service : op.isPublic() ? Caller.anonymous(base) : admittedCaller(op);
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
    assertThat(problems).as("answers that broke a rule, of " + sent + " hostile requests").isEmpty();
    assertThat(tableCounts().keySet()).as("every table is still there").isEqualTo(tablesBefore.keySet());
    assertThat(clinicBCounts()).as("clinic B's rows, table by table").isEqualTo(clinicBBefore);
    assertThat(tableCounts().get("readings")).as("readings").isEqualTo(tablesBefore.get("readings"));
    assertThat(tableCounts().get("clinics")).as("clinics").isEqualTo(tablesBefore.get("clinics"));
  }

  @Test
  @Order(4)
  void aUrlBeyondTheServersLimitIsAJsonErrorAndTheHubServesOn() throws IOException {
    // Written on a raw socket: such a request never reaches the router, and the JDK client would add an h2c upgrade.
    for (String target : List.of("/api/v1/patients?clinic=" + "x".repeat(5_000), "/api/v1/patients/" + "x".repeat(10_000))) {
      String answer = raw("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
      // Netty reports an over-long request line as 414, or as 431 once it also exceeds the header block limit.
      assertThat(answer).as(target.length() + " characters").matches("(?s)HTTP/1.[01] (414|431) .*");
      assertThat(answer).containsIgnoringCase("content-type: application/json");
      assertThat(new JsonObject(answer.substring(answer.indexOf("\r\n\r\n") + 4)).getString("error")).isNotBlank();
    }
    assertThat(callers.get("admin.a@test.dk").send("GET", "/api/v1/patients", null).statusCode()).isEqualTo(200);
  }

  private String raw(String request) throws IOException {
    URI uri = URI.create(base);
    try (java.net.Socket socket = new java.net.Socket(uri.getHost(), uri.getPort())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  @Order(3)
  void manyFailedLoginsFromOneAddressBlockThatAddressForEveryAccount() {
    // PeopleApiTest covers the per-account limit; this is the per-address one (spraying one password over accounts).
    for (int i = 0; i < Auth.MAX_FAILURES_PER_ADDRESS; i++) {
      int status = new ApiClient(base).login("sprayed-" + i + "@test.dk", "Summer2026!").statusCode();
      assertThat(status).isIn(401, 429);
    }
    HttpResponse<String> blocked = new ApiClient(base).login("doctor.a@test.dk", PASSWORD);
    assertThat(blocked.statusCode()).as("a correct password from the blocked address").isEqualTo(429);
    assertThat(blocked.headers().firstValue("Retry-After")).isPresent();
    assertThat(new JsonObject(blocked.body()).getString("error")).isNotBlank();
  }

  @Test
  @Order(1)
  void aSessionIdChosenBeforeLoginIsNeverAcceptedAfterIt() {
    // A session id an attacker planted (never issued by the hub) is ignored by login and gives no access after it.
    ApiClient victim = new ApiClient(base);
    String planted = Auth.COOKIE + "=" + "A".repeat(43);
    victim.cookie = planted;
    assertThat(victim.get("/api/v1/session").statusCode()).isEqualTo(401);
    assertThat(victim.login("nurse.a@test.dk", PASSWORD).statusCode()).isEqualTo(201);
    assertThat(victim.cookie).isNotEqualTo(planted);
    ApiClient attacker = new ApiClient(base);
    attacker.cookie = planted;
    assertThat(attacker.get("/api/v1/session").statusCode()).as("the planted id after the victim's login").isEqualTo(401);
    assertThat(attacker.get("/api/v1/patients").statusCode()).isEqualTo(401);
  }

  /**
   * The first of clinic A's admin, doctor and nurse whose well-formed request the route admits (limits are for
   * doctors only), so the hostile values reach the parameter handling behind the role check.
   */
  private Caller admittedCaller(Operation op) {
    for (Caller c : callers.values()) {
      if (c.send(op.method, op.url(this, Map.of(), Map.of()), op.baselineBody(this)).statusCode() != 403) {
        return c;
      }
    }
    return callers.values().iterator().next();
  }

  private List<Request> requestsFor(Operation op) {
    List<Request> out = new ArrayList<>();
    String body = op.baselineBody(this);
    for (Param p : op.params) {
      for (String value : HOSTILE) {
        out.add(new Request(op.method, op.url(this, p.in.equals("path") ? Map.of(p.name, value) : Map.of(),
            p.in.equals("query") ? Map.of(p.name, value) : Map.of()), body, p.name + "=" + printable(value)));
      }
    }
    for (Map.Entry<String, String> field : op.bodyFields.entrySet()) {
      List<Object> values = new ArrayList<>(HOSTILE);
      values.addAll(WRONG_TYPES);
      for (Object value : values) {
        JsonObject b = new JsonObject(body);
        b.put(field.getKey(), "array".equals(field.getValue()) && value instanceof String s ? new JsonArray().add(s) : value);
        out.add(new Request(op.method, op.url(this, Map.of(), Map.of()), b.encode(),
            "body." + field.getKey() + "=" + printable(String.valueOf(value))));
      }
    }
    // Bodies of the wrong shape go to every operation that reads a body (not to DELETEs: they read none and would
    // simply do their job on clinic A's defaults, e.g. erase patient A).
    if (!"GET".equals(op.method) && !"DELETE".equals(op.method)) {
      for (String bad : BAD_BODIES) {
        out.add(new Request(op.method, op.url(this, Map.of(), Map.of()), bad, "body " + printable(bad)));
      }
    }
    return out;
  }

  private String check(Operation op, Caller caller, Request r, HttpResponse<String> response) {
    String where = caller.name + " " + op.method + " " + op.path + " [" + r.what + "] -> " + response.statusCode();
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
        if (!type.startsWith("application/json") || new JsonObject(body).getString("error", "").isBlank()) {
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
    for (char c : (s.length() > 40 ? s.substring(0, 20) + "...(" + s.length() + ")" : s).toCharArray()) {
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
   * Per table with a clinic or patient column: the rows of clinic B and of its patient. The daily aggregates are
   * left out: the hub's retention job fills them from the readings in the background.
   */
  private Map<String, Long> clinicBCounts() {
    Map<String, Long> out = new TreeMap<>();
    for (String row : query("SELECT table_name || ' ' || column_name FROM information_schema.columns "
        + "WHERE table_schema = 'public' AND column_name IN ('clinic_id', 'patient_id') "
        + "AND table_name NOT LIKE 'reading\\_daily%'")) {
      String[] tc = row.split(" ");
      String match = tc[1].equals("clinic_id") ? "'clinic-b'" : "'" + patientB + "'";
      out.put(row, Long.parseLong(query("SELECT count(*) FROM \"" + tc[0] + "\" WHERE " + tc[1] + "::text = " + match).get(0)));
    }
    return out;
  }

  private List<String> query(String sql) {
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
         Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      List<String> out = new ArrayList<>();
      while (rs.next()) {
        out.add(rs.getString(1));
      }
      return out;
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  private void exec(String sql) {
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
         Statement st = c.createStatement()) {
      st.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  private UUID raise(UUID patient, String clinic) {
    return hub.hub().pool().withTransaction(tx -> hub.hub().alerts().raise(tx,
        new AlertSignal(clinic, patient, "spo2.limit", Level.YELLOW, "SpO2 91% is below the YELLOW limit", Instant.now(),
            null))).await().alertId();
  }

  record Request(String method, String pathAndQuery, String body, String what) {}

  record Param(String name, String in) {}

  /** One operation of the OpenAPI file: method, path, its parameters and its documented body fields. */
  static final class Operation {
    final String method;
    final String path;
    final List<Param> params = new ArrayList<>();
    /** Documented top-level body fields and their types. */
    final Map<String, String> bodyFields = new LinkedHashMap<>();
    boolean serviceToken;
    boolean publicRoute;

    Operation(String method, String path) {
      this.method = method;
      this.path = path;
    }

    boolean isPublic() {
      return publicRoute;
    }

    boolean isLogout() {
      return "DELETE".equals(method) && path.equals("/api/v1/session");
    }

    /**
     * Reads the file the way PeopleApiTest does (it checks the file lists exactly the router's routes): the
     * parameter and body declarations are the flow-style maps this file uses throughout.
     */
    static List<Operation> parse(String yaml) {
      Map<String, Param> shared = new LinkedHashMap<>();
      Matcher m;
      Pattern sharedParam = Pattern.compile("^    (\\w+): \\{name: (\\w+), in: (path|query)");
      Pattern pathLine = Pattern.compile("^  (/\\S*):\\s*$");
      Pattern opLine = Pattern.compile("^    (get|post|put|patch|delete):(.*)");
      List<Operation> out = new ArrayList<>();
      String path = null;
      Operation current = null;
      StringBuilder text = new StringBuilder();
      for (String line : (yaml + "\nsecurity:\n").split("\n")) {
        if ((m = sharedParam.matcher(line)).find()) {
          shared.put(m.group(1), new Param(m.group(2), m.group(3)));
          continue;
        }
        boolean newPath = (m = pathLine.matcher(line)).matches();
        Matcher op = opLine.matcher(line);
        boolean newOp = path != null && op.matches();
        if ((newPath || newOp || line.startsWith("security:") || line.startsWith("components:")) && current != null) {
          current.read(text.toString(), shared);
          out.add(current);
          current = null;
        }
        if (newPath) {
          path = m.group(1);
        } else if (newOp) {
          current = new Operation(op.group(1).toUpperCase(), path);
          text.setLength(0);
          text.append(op.group(2));
        } else if (current != null) {
          text.append('\n').append(line);
        }
        if (line.startsWith("components:")) {
          path = null;
        }
      }
      return out;
    }

    private void read(String text, Map<String, Param> shared) {
      Matcher m = Pattern.compile("\\$ref: '#/components/parameters/(\\w+)'").matcher(text);
      while (m.find()) {
        params.add(shared.get(m.group(1)));
      }
      m = Pattern.compile("\\{name: (\\w+), in: (path|query)").matcher(text);
      while (m.find()) {
        params.add(new Param(m.group(1), m.group(2)));
      }
      int body = text.indexOf("requestBody:");
      if (body >= 0) {
        String schema = text.substring(body);
        int props = schema.indexOf("properties: {");
        if (props >= 0) {
          m = Pattern.compile("[{,] (\\w+): \\{type: (\\w+)").matcher(schema.substring(props + "properties:".length()));
          while (m.find()) {
            bodyFields.put(m.group(1), m.group(2));
          }
        }
      }
      serviceToken = text.contains("serviceToken: []");
      publicRoute = text.contains("security: []");
    }

    /** The operation's URL with every path parameter filled: clinic A's own things unless overridden. */
    String url(HostileParametersApiTest t, Map<String, String> pathValues, Map<String, String> queryValues) {
      Map<String, String> defaults = Map.ofEntries(Map.entry("patientId", t.patientA.toString()),
          Map.entry("alertId", t.alertA.toString()), Map.entry("taskId", "1"), Map.entry("code", "spo2"),
          Map.entry("deviceId", "ox-a-1"), Map.entry("relativeId", "1"), Map.entry("userId", t.throwawayUserId),
          Map.entry("clinic", "clinic-a"), Map.entry("device", "ox-a-1"), Map.entry("patient", t.patientA.toString()),
          Map.entry("level", "RED"), Map.entry("rotationId", "1"), Map.entry("overrideId", "1"));
      String p = path;
      for (Param param : params) {
        if (param.in.equals("path")) {
          String v = pathValues.getOrDefault(param.name, defaults.getOrDefault(param.name, "1"));
          p = p.replace("{" + param.name + "}", encode(v));
        }
      }
      StringBuilder q = new StringBuilder();
      queryValues.forEach((k, v) -> q.append(q.length() == 0 ? "?" : "&").append(k).append('=').append(encode(v)));
      return p + q;
    }

    /** A well-formed body for the operation, so that one field at a time can be made hostile. */
    String baselineBody(HostileParametersApiTest t) {
      if ("GET".equals(method)) {
        return null;
      }
      JsonObject b = new JsonObject();
      for (Map.Entry<String, String> f : bodyFields.entrySet()) {
        Object v = switch (f.getKey()) {
          case "email" -> path.equals("/api/v1/session") ? "nobody@test.dk" : "new." + UUID.randomUUID() + "@test.dk";
          case "password", "new" -> "another long password";
          case "current" -> "not the current password";
          case "outcome" -> "NO_ACTION_NEEDED";
          case "until", "reviewBy" -> Instant.now().plus(1, ChronoUnit.HOURS).toString();
          case "from" -> Instant.now().minus(1, ChronoUnit.MINUTES).toString();
          case "patientId" -> t.patientA.toString();
          case "contactNurseId" -> null;
          case "id" -> "dev-" + UUID.randomUUID();
          case "kind" -> "OXIMETER";
          case "patientIds" -> new JsonArray().add(t.patientA.toString());
          case "clinics" -> new JsonArray().add("clinic-a");
          case "clinic" -> "clinic-a";
          case "condition" -> "COPD";
          case "language" -> "da";
          case "role" -> "nurse";
          case "phases" -> "DAILY:0-";
          case "startDate" -> "2026-01-01";
          default -> switch (f.getValue()) {
            case "number", "integer" -> 3600;
            case "boolean" -> true;
            case "array" -> new JsonArray();
            default -> "hostile test";
          };
        };
        b.put(f.getKey(), v);
      }
      return b.encode();
    }

    private static String encode(String v) {
      return URLEncoder.encode(v, StandardCharsets.UTF_8).replace("+", "%20");
    }
  }

  /** Who sends: a logged-in person, the service token, or nobody. */
  static final class Caller {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final String name;
    private final ApiClient session;
    private final String base;
    private final String token;

    private Caller(String name, ApiClient session, String base, String token) {
      this.name = name;
      this.session = session;
      this.base = base;
      this.token = token;
    }

    static Caller session(String who, ApiClient c) {
      return new Caller(who, c, c.base, null);
    }

    static Caller token(String base, String token) {
      return new Caller("service token", null, base, token);
    }

    static Caller anonymous(String base) {
      return new Caller("anonymous", null, base, null);
    }

    HttpResponse<String> send(String method, String pathAndQuery, String body) {
      if (session != null) {
        return session.send(method, pathAndQuery, body);
      }
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(Duration.ofSeconds(20))
          .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
      if (body != null) {
        b.header("Content-Type", "application/json");
      }
      if (token != null) {
        b.header("Authorization", "Bearer " + token);
      }
      try {
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        throw new IllegalStateException(method + " " + pathAndQuery, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }
}
