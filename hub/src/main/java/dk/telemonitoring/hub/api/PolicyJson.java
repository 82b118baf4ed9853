package dk.telemonitoring.hub.api;

import dk.telemonitoring.alerts.domain.Channel;
import dk.telemonitoring.alerts.domain.EscalationPolicy;
import dk.telemonitoring.alerts.domain.EscalationPolicyRules;
import dk.telemonitoring.alerts.domain.EscalationStep;
import dk.telemonitoring.alerts.domain.Level;
import dk.telemonitoring.alerts.domain.NamedPerson;
import dk.telemonitoring.alerts.domain.Recipient;
import dk.telemonitoring.hub.access.Role;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * An escalation policy as the API shows and accepts it. Steps are an ordered list: each step's
 * delaySeconds counts from the step before (the first from opening), so the list's order is the
 * firing order; atSeconds (shown, not read) is the step's time from opening. Every problem becomes
 * a 400 that names the field.
 */
final class PolicyJson {

  /** Longer delays are almost certainly a unit mistake (milliseconds for seconds). */
  static final long MAX_SECONDS = Duration.ofDays(7).toSeconds();

  static final int MAX_STEPS = 10;

  private PolicyJson() {}

  static Level level(String text) {
    try {
      return Level.valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (RuntimeException e) {
      throw ApiError.badRequest("level must be one of " + Arrays.toString(Level.values()));
    }
  }

  static JsonObject toJson(String clinic, EscalationPolicy p, boolean isDefault) {
    JsonArray steps = new JsonArray();
    Duration at = Duration.ZERO;
    for (int i = 0; i < p.steps().size(); i++) {
      EscalationStep s = p.steps().get(i);
      at = at.plus(s.delay());
      steps.add(step(s).put("step", i + 1).put("atSeconds", seconds(at)));
    }
    return new JsonObject()
        .put("clinicId", clinic)
        .put("level", p.level().name())
        .put("isDefault", isDefault)
        .put("steps", steps)
        .put("repeatEverySeconds", p.repeatEvery() == null ? null : seconds(p.repeatEvery()))
        .put("responseDeadlineSeconds", seconds(p.responseDeadline()))
        .put(
            "acknowledgedReminder",
            p.acknowledgedReminder() == null ? null : step(p.acknowledgedReminder()));
  }

  private static JsonObject step(EscalationStep s) {
    return new JsonObject()
        .put("delaySeconds", seconds(s.delay()))
        .put("recipients", new JsonArray(s.recipients().stream().map(Enum::name).sorted().toList()))
        .put(
            "people",
            new JsonArray(s.people().stream().sorted().map(NamedPerson::personId).toList()))
        .put("channels", new JsonArray(s.channels().stream().map(Enum::name).sorted().toList()));
  }

  private static Number seconds(Duration d) {
    return d.toMillis() % 1000 == 0 ? (Number) d.toSeconds() : (Number) (d.toMillis() / 1000.0);
  }

  /**
   * Every well-formed user id a PUT body names in a step's (or the reminder's) {@code people}, so
   * that the caller can look them up before {@link #fromJson}; malformed bodies are left for
   * fromJson to report.
   */
  static Set<UUID> namedPeople(JsonObject body) {
    List<JsonObject> steps = new ArrayList<>();
    if (body.getValue("steps") instanceof JsonArray a) {
      a.forEach(
          o -> {
            if (o instanceof JsonObject s) {
              steps.add(s);
            }
          });
    }
    if (body.getValue("acknowledgedReminder") instanceof JsonObject r) {
      steps.add(r);
    }
    Set<UUID> out = new LinkedHashSet<>();
    for (JsonObject s : steps) {
      if (s.getValue("people") instanceof JsonArray people) {
        people.forEach(o -> userId(o).ifPresent(out::add));
      }
    }
    return out;
  }

  /**
   * The policy a PUT asks for. {@code steps} is required and replaces the steps;
   * repeatEverySeconds, responseDeadlineSeconds and acknowledgedReminder keep {@code current}'s
   * values when absent.
   *
   * @param people the named people's users of {@code clinic}: user id to role, or to {@link
   *     #INACTIVE}
   */
  static EscalationPolicy fromJson(
      Level level,
      JsonObject body,
      EscalationPolicy current,
      String clinic,
      Map<UUID, String> people) {
    Named named = new Named(clinic, people);
    if (!(body.getValue("steps") instanceof JsonArray stepsJson)) {
      throw ApiError.badRequest(
          "'steps' is required: a list of {delaySeconds, recipients and/or people, channels} in firing order");
    }
    if (stepsJson.size() > MAX_STEPS) {
      throw ApiError.badRequest("'steps' may have at most " + MAX_STEPS + " steps");
    }
    List<EscalationStep> steps = new ArrayList<>();
    for (int i = 0; i < stepsJson.size(); i++) {
      if (!(stepsJson.getValue(i) instanceof JsonObject s)) {
        throw ApiError.badRequest("steps[" + i + "] must be an object");
      }
      Object number = s.getValue("step");
      if (number != null && !(number instanceof Number n && n.doubleValue() == i + 1)) {
        throw ApiError.badRequest(
            "steps["
                + i
                + "] says it is step "
                + number
                + ": steps must be listed in order 1.."
                + stepsJson.size()
                + " (each delay counts from the step before)");
      }
      steps.add(step(s, "steps[" + i + "]", false, named));
    }
    Duration repeat =
        body.containsKey("repeatEverySeconds")
            ? optionalSeconds(body, "repeatEverySeconds", true)
            : current.repeatEvery();
    Duration deadline =
        body.containsKey("responseDeadlineSeconds")
            ? optionalSeconds(body, "responseDeadlineSeconds", true)
            : current.responseDeadline();
    if (deadline == null) {
      throw ApiError.badRequest("'responseDeadlineSeconds' must be a positive number of seconds");
    }
    EscalationStep reminder = current.acknowledgedReminder();
    if (body.containsKey("acknowledgedReminder")) {
      Object r = body.getValue("acknowledgedReminder");
      if (r != null && !(r instanceof JsonObject)) {
        throw ApiError.badRequest(
            "'acknowledgedReminder' must be an object {delaySeconds, recipients and/or people, channels} or null");
      }
      reminder = r == null ? null : step((JsonObject) r, "acknowledgedReminder", true, named);
    }
    EscalationPolicy policy = new EscalationPolicy(level, steps, repeat, deadline, reminder);
    List<String> problems = EscalationPolicyRules.violations(policy);
    if (!problems.isEmpty()) {
      throw ApiError.badRequest(String.join("; ", problems));
    }
    return policy;
  }

  private static EscalationStep step(JsonObject s, String where, boolean positive, Named named) {
    Duration delay = seconds(s.getValue("delaySeconds"), where + ".delaySeconds", positive);
    if (delay == null) {
      throw ApiError.badRequest(where + ".delaySeconds is required");
    }
    Set<NamedPerson> people = named.people(s.getValue("people"), where + ".people");
    Object roles = s.getValue("recipients");
    boolean noRoles = roles == null || roles instanceof JsonArray a && a.isEmpty();
    if (noRoles && people.isEmpty()) {
      throw ApiError.badRequest(
          where
              + " must page someone: 'recipients' (on-call roles, one of "
              + Arrays.toString(Recipient.values())
              + ") and/or 'people' (user ids of the clinic's staff)");
    }
    Set<Recipient> recipients =
        noRoles ? Set.of() : names(roles, where + ".recipients", Recipient.class);
    Set<Channel> channels = names(s.getValue("channels"), where + ".channels", Channel.class);
    return new EscalationStep(delay, recipients, people, channels);
  }

  /** Marks a named user who is deactivated (in the map handed to fromJson). */
  static final String INACTIVE = "INACTIVE";

  /**
   * Checks a step's named people against the clinic's users; a doctor's page escalates the alert.
   */
  private record Named(String clinic, Map<UUID, String> users) {

    Set<NamedPerson> people(Object v, String where) {
      if (v == null) {
        return Set.of();
      }
      if (!(v instanceof JsonArray a)) {
        throw ApiError.badRequest(where + " must be a list of user ids");
      }
      Set<NamedPerson> out = new LinkedHashSet<>();
      for (Object o : a) {
        UUID id =
            userId(o)
                .orElseThrow(() -> ApiError.badRequest(where + ": '" + o + "' is not a user id"));
        String role = users.get(id);
        if (role == null) {
          throw ApiError.badRequest(where + ": " + id + " is not a user of clinic " + clinic);
        }
        if (role.equals(INACTIVE)) {
          throw ApiError.badRequest(where + ": " + id + " is deactivated");
        }
        if (!Role.STAFF.contains(Role.valueOf(role))) {
          throw ApiError.badRequest(
              where
                  + ": "
                  + id
                  + " is a "
                  + role.toLowerCase(Locale.ROOT)
                  + "; only the clinic's staff can be paged");
        }
        if (out.stream().anyMatch(p -> p.personId().equals(id.toString()))) {
          throw ApiError.badRequest(where + ": " + id + " is listed twice");
        }
        out.add(new NamedPerson(id.toString(), Role.valueOf(role) == Role.DOCTOR));
      }
      return out;
    }
  }

  private static Optional<UUID> userId(Object o) {
    try {
      return o instanceof String text
          ? Optional.of(UUID.fromString(text.trim()))
          : Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static Duration optionalSeconds(JsonObject o, String field, boolean positive) {
    return seconds(o.getValue(field), "'" + field + "'", positive);
  }

  private static Duration seconds(Object v, String where, boolean positive) {
    if (v == null) {
      return null;
    }
    if (!(v instanceof Number n) || !Double.isFinite(n.doubleValue())) {
      throw ApiError.badRequest(where + " must be a number of seconds");
    }
    double d = n.doubleValue();
    if (d < 0 || (positive && d == 0)) {
      throw ApiError.badRequest(
          where + " must be " + (positive ? "more than 0" : "0 or more") + " (got " + v + ")");
    }
    if (d > MAX_SECONDS) {
      throw ApiError.badRequest(where + " must be at most " + MAX_SECONDS + " (7 days); got " + v);
    }
    return Duration.ofMillis(Math.round(d * 1000));
  }

  private static <E extends Enum<E>> Set<E> names(Object v, String where, Class<E> type) {
    String allowed = Arrays.toString(type.getEnumConstants());
    if (!(v instanceof JsonArray a) || a.isEmpty()) {
      throw ApiError.badRequest(where + " must be a non-empty list of " + allowed);
    }
    Set<E> out = EnumSet.noneOf(type);
    for (Object o : a) {
      try {
        out.add(Enum.valueOf(type, ((String) o).trim().toUpperCase(Locale.ROOT)));
      } catch (RuntimeException e) {
        throw ApiError.badRequest(where + ": '" + o + "' is not one of " + allowed);
      }
    }
    return out;
  }
}
