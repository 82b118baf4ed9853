package dk.telemonitoring.hub.api;

import dk.telemonitoring.alerts.AlertService;
import dk.telemonitoring.alerts.domain.AlertState;
import dk.telemonitoring.alerts.domain.EscalationStepNote;
import dk.telemonitoring.alerts.query.AlertReads;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A step of an alert as a timeline entry a nurse reads: what happened ({@code event}), the level
 * the alert had then, and the words of it. The alerts module stores some notes with a fixed English
 * frame around a person's words ("outcome ADVICE_BY_PHONE: words", "snoozed until ...: words"); the
 * frame becomes fields here, so the screen says it in its own language.
 */
final class AlertTimelineSteps {

  private static final Pattern OUTCOME = Pattern.compile("^outcome ([A-Z_]+)(?:: ([\\s\\S]*))?$");
  private static final Pattern SNOOZE_CLEAR =
      Pattern.compile("^snoozed until the condition clears(?:: ([\\s\\S]*))?$");
  private static final Pattern SNOOZE_UNTIL =
      Pattern.compile("^snoozed until (\\S+?)(?:: ([\\s\\S]*))?$");
  private static final Pattern DISCHARGED = Pattern.compile("^discharged (\\d{4}-\\d{2}-\\d{2})$");

  private AlertTimelineSteps() {}

  /**
   * @param notArrived pages the delivery gave up on, by {@link #pageKey}: the step that queued one
   *     says so, or the timeline would read "sent" for a doctor who never heard of it
   */
  static JsonObject json(
      AlertReads.TimelineEntry a, Map<String, String> names, Set<String> notArrived) {
    JsonObject out =
        new JsonObject()
            .put("at", Json.text(a.at()))
            .put("key", a.key())
            .put("kind", "alert")
            .put("alertId", a.alertId().toString())
            .put("level", a.level())
            .put("fromLevel", a.fromLevel());
    boolean person = isPerson(a.actorId());
    if (person) {
      out.put("byId", a.actorId()).put("by", names.get(a.actorId()));
    }
    String note = a.note();
    switch (a.action()) {
      case "OPEN", "RAISE" -> finding(out, "OPEN".equals(a.action()) ? "opened" : "raised", a);
      case "NOTE" -> note(out, a);
      case "RESOLVE" -> resolved(out, note, person);
      case "SNOOZE" -> snoozed(out, note);
      case "DISCHARGE" -> {
        Matcher m = DISCHARGED.matcher(note == null ? "" : note);
        out.put("event", "discharged").put("dischargedOn", m.matches() ? m.group(1) : null);
      }
      case "ESCALATE" -> escalated(out, a, person, names, notArrived);
      case "ACKNOWLEDGE" -> out.put("event", "acknowledged").put("text", note);
      case "ADVISE" ->
          out.put("event", "advised").put("instruction", a.instruction()).put("text", note);
      case "ADVICE_CARRIED_OUT" ->
          out.put("event", "adviceCarriedOut").put("instruction", a.instruction());
      case "REOPEN" -> out.put("event", "reopened").put("text", note);
      default -> out.put("event", a.action().toLowerCase(Locale.ROOT));
    }
    return out;
  }

  private static void finding(JsonObject out, String event, AlertReads.TimelineEntry a) {
    out.put("event", event).put("explanation", a.note()).put("explanationDa", a.noteDa());
  }

  /** A "call me" joining the open alert is the patient's; any other note is a person's words. */
  private static void note(JsonObject out, AlertReads.TimelineEntry a) {
    if (AlertService.PATIENT_ACTOR.equals(a.actorId())) {
      finding(out, "contactRequest", a);
    } else {
      out.put("event", "note").put("text", a.note());
    }
  }

  /**
   * A closing's outcome and the person's words ({@code outcome}, {@code text}), or {@code
   * conditionCleared} when triage closed it because every finding was normal again.
   */
  static void resolved(JsonObject out, String note, boolean person) {
    out.put("event", "resolved");
    Matcher m = OUTCOME.matcher(note == null ? "" : note);
    if (m.matches()) {
      out.put("outcome", m.group(1)).put("text", m.group(2));
    } else if (!person) {
      out.put("conditionCleared", true); // triage found every finding normal again
    }
  }

  /**
   * A person sending the alert to the doctor, with her words; the plan escalating it because nobody
   * acknowledged it in time; or the plan's page that follows a hand-over (or reaches the backup
   * doctor), which is not another escalation. The plan's steps name whom they paged.
   */
  private static void escalated(
      JsonObject out,
      AlertReads.TimelineEntry a,
      boolean person,
      Map<String, String> names,
      Set<String> notArrived) {
    if (person) {
      out.put("event", "escalated").put("text", a.note());
      return;
    }
    boolean followsAnEscalation = AlertState.ESCALATED.name().equals(a.fromState());
    JsonArray paged = new JsonArray();
    for (EscalationStepNote.Page p : EscalationStepNote.pages(a.note())) {
      paged.add(
          new JsonObject()
              .put("name", names.get(p.personId()))
              .put("role", p.pagedAs())
              .put("channel", p.channel().name())
              .put(
                  "notArrived",
                  notArrived.contains(
                      pageKey(a.alertId(), p.personId(), p.channel().name(), a.at()))));
    }
    out.put("event", followsAnEscalation ? "paged" : "escalated").put("paged", paged);
  }

  /**
   * A page by its alert, person, channel and the step's time: the escalation queues a step's pages
   * at the instant it writes the step.
   */
  static String pageKey(UUID alertId, String personId, String channel, Instant at) {
    return alertId + "|" + personId + "|" + channel + "|" + at;
  }

  /** The alerts whose entries name pages, whose delivery the timeline then looks up. */
  static Set<UUID> pagingAlerts(List<AlertReads.TimelineEntry> entries) {
    Set<UUID> out = new HashSet<>();
    for (AlertReads.TimelineEntry e : entries) {
      if ("ESCALATE".equals(e.action()) && !EscalationStepNote.pages(e.note()).isEmpty()) {
        out.add(e.alertId());
      }
    }
    return out;
  }

  /** Whom the entry names: the person who acted, and the people an escalation step paged. */
  static Set<String> people(AlertReads.TimelineEntry a) {
    Set<String> out = new HashSet<>();
    if (a.actorId() != null) {
      out.add(a.actorId());
    }
    if ("ESCALATE".equals(a.action())) {
      EscalationStepNote.pages(a.note()).forEach(p -> out.add(p.personId()));
    }
    return out;
  }

  private static void snoozed(JsonObject out, String note) {
    out.put("event", "snoozed");
    String n = note == null ? "" : note;
    Matcher clear = SNOOZE_CLEAR.matcher(n);
    Matcher until = SNOOZE_UNTIL.matcher(n);
    if (clear.matches()) {
      out.put("untilCleared", true).put("text", clear.group(1));
    } else if (until.matches()) {
      out.put("until", until.group(1)).put("text", until.group(2));
    }
  }

  /** The escalation engine, triage and the patient's own "call me" are not staff. */
  static boolean isPerson(String actorId) {
    return actorId != null
        && !AlertService.ENGINE_ACTOR.equals(actorId)
        && !AlertService.SYSTEM_ACTOR.equals(actorId)
        && !AlertService.PATIENT_ACTOR.equals(actorId);
  }
}
