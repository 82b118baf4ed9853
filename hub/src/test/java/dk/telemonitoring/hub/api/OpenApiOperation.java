package dk.telemonitoring.hub.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One operation of the OpenAPI file: method, path, its parameters and its documented body fields.
 */
final class OpenApiOperation {

  /** A path or query parameter of an operation. */
  record Param(String name, String in) {}

  /** Clinic A's own things that fill an operation's path parameters and baseline body. */
  record Targets(UUID patient, UUID alert, String userId) {}

  final String method;
  final String path;
  final List<Param> params = new ArrayList<>();

  /** Documented top-level body fields and their types. */
  final Map<String, String> bodyFields = new LinkedHashMap<>();

  boolean serviceToken;
  boolean publicRoute;

  OpenApiOperation(String method, String path) {
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
   * Reads the file the way PeopleApiTest does (it checks the file lists exactly the router's
   * routes): the parameter and body declarations are the flow-style maps this file uses throughout.
   */
  static List<OpenApiOperation> parse(String yaml) {
    Map<String, Param> shared = new LinkedHashMap<>();
    Matcher m;
    Pattern sharedParam = Pattern.compile("^    (\\w+): \\{name: (\\w+), in: (path|query)");
    Pattern pathLine = Pattern.compile("^  (/\\S*):\\s*$");
    Pattern opLine = Pattern.compile("^    (get|post|put|patch|delete):(.*)");
    List<OpenApiOperation> out = new ArrayList<>();
    String path = null;
    OpenApiOperation current = null;
    StringBuilder text = new StringBuilder();
    for (String line : (yaml + "\nsecurity:\n").split("\n")) {
      if ((m = sharedParam.matcher(line)).find()) {
        shared.put(m.group(1), new Param(m.group(2), m.group(3)));
        continue;
      }
      boolean newPath = (m = pathLine.matcher(line)).matches();
      Matcher op = opLine.matcher(line);
      boolean newOp = path != null && op.matches();
      if ((newPath || newOp || line.startsWith("security:") || line.startsWith("components:"))
          && current != null) {
        current.read(text.toString(), shared);
        out.add(current);
        current = null;
      }
      if (newPath) {
        path = m.group(1);
      } else if (newOp) {
        current = new OpenApiOperation(op.group(1).toUpperCase(), path);
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
        m =
            Pattern.compile("[{,] (\\w+): \\{type: (\\w+)")
                .matcher(schema.substring(props + "properties:".length()));
        while (m.find()) {
          bodyFields.put(m.group(1), m.group(2));
        }
      }
    }
    serviceToken = text.contains("serviceToken: []");
    publicRoute = text.contains("security: []");
  }

  /**
   * The operation's URL with every path parameter filled: clinic A's own things unless overridden.
   */
  String url(Targets t, Map<String, String> pathValues, Map<String, String> queryValues) {
    Map<String, String> defaults =
        Map.ofEntries(
            Map.entry("patientId", t.patient().toString()),
            Map.entry("alertId", t.alert().toString()),
            Map.entry("taskId", "1"),
            Map.entry("code", "spo2"),
            Map.entry("deviceId", "ox-a-1"),
            Map.entry("relativeId", "1"),
            Map.entry("userId", t.userId()),
            Map.entry("clinic", "clinic-a"),
            Map.entry("device", "ox-a-1"),
            Map.entry("patient", t.patient().toString()),
            Map.entry("level", "RED"),
            Map.entry("rotationId", "1"),
            Map.entry("overrideId", "1"));
    String p = path;
    for (Param param : params) {
      if (param.in.equals("path")) {
        String v = pathValues.getOrDefault(param.name, defaults.getOrDefault(param.name, "1"));
        p = p.replace("{" + param.name + "}", encode(v));
      }
    }
    StringBuilder q = new StringBuilder();
    queryValues.forEach(
        (k, v) -> q.append(q.length() == 0 ? "?" : "&").append(k).append('=').append(encode(v)));
    return p + q;
  }

  /** A well-formed body for the operation, so that one field at a time can be made hostile. */
  String baselineBody(Targets t) {
    if ("GET".equals(method)) {
      return null;
    }
    JsonObject b = new JsonObject();
    for (Map.Entry<String, String> f : bodyFields.entrySet()) {
      Object v =
          switch (f.getKey()) {
            case "email" ->
                path.equals("/api/v1/session")
                    ? "nobody@test.dk"
                    : "new." + UUID.randomUUID() + "@test.dk";
            case "password", "new" -> "another long password";
            case "current" -> "not the current password";
            case "outcome" -> "NO_ACTION_NEEDED";
            case "until", "reviewBy" -> Instant.now().plus(1, ChronoUnit.HOURS).toString();
            case "from" -> Instant.now().minus(1, ChronoUnit.MINUTES).toString();
            case "patientId" -> t.patient().toString();
            case "contactNurseId" -> null;
            case "id" -> "dev-" + UUID.randomUUID();
            case "kind" -> "OXIMETER";
            case "patientIds" -> new JsonArray().add(t.patient().toString());
            case "clinics" -> new JsonArray().add("clinic-a");
            case "clinic" -> "clinic-a";
            case "condition" -> "COPD";
            case "language" -> "da";
            case "role" -> "nurse";
            case "phases" -> "DAILY:0-";
            case "startDate" -> "2026-01-01";
            default ->
                switch (f.getValue()) {
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
