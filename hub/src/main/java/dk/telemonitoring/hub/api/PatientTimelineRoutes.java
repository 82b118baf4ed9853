package dk.telemonitoring.hub.api;

import dk.telemonitoring.alerts.query.AlertReads;
import dk.telemonitoring.alerts.query.UndeliveredPages;
import dk.telemonitoring.hub.access.Role;
import dk.telemonitoring.hub.store.PatientTimelineStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The patient's timeline: readings, the steps of the patient's alerts ({@link AlertTimelineSteps}),
 * contacts, messages and status changes, newest first, paged by a cursor.
 */
final class PatientTimelineRoutes {

  private final Pool pool;
  private final Access access;
  private final PatientTimelineStore timeline;
  private final AlertReads alertReads = new AlertReads();
  private final UndeliveredPages undelivered = new UndeliveredPages();

  PatientTimelineRoutes(Pool pool, Access access) {
    this.pool = pool;
    this.access = access;
    this.timeline = new PatientTimelineStore(pool);
  }

  void mount(Api api) {
    String p = "/api/v1/patients/:patientId";
    api.get(
        p + "/timeline",
        Role.STAFF,
        (ctx, who) -> {
          int limit = Json.intParam(ctx, "limit", 50, 1, 200);
          Cursor cursor = Cursor.parse(Json.param(ctx, "before"));
          return access
              .patient(ctx, who, "timeline.read")
              .compose(ref -> timelinePage(ref, cursor, limit));
        });
  }

  /** Where a page ends: the last entry's instant and key; the next page starts after it. */
  record Cursor(Instant at, String key) {

    /** Before everything ever stored: the far future and a key above every entry's. */
    static final Cursor FIRST = new Cursor(Instant.parse("9999-01-01T00:00:00Z"), "~");

    static Cursor parse(String text) {
      if (text == null || text.isBlank()) {
        return FIRST;
      }
      int bar = text.indexOf('|');
      try {
        return new Cursor(
            Instant.parse(text.substring(0, Math.max(bar, 0))), text.substring(bar + 1));
      } catch (DateTimeParseException | StringIndexOutOfBoundsException e) {
        throw ApiError.badRequest("'before' must be the 'next' value of the previous page");
      }
    }

    String text() {
      return at + "|" + key;
    }
  }

  /** One entry of a page, with what it is ordered by. */
  private record Item(Instant at, String key, JsonObject json) {}

  /**
   * One page: up to {@code limit} entries of the hub's own and up to {@code limit} alert entries
   * before the cursor, merged; the newest {@code limit} of them are the page.
   */
  private Future<JsonObject> timelinePage(PatientRef ref, Cursor cursor, int limit) {
    Future<List<PatientTimelineStore.Entry>> own =
        timeline.before(ref.id(), cursor.at(), cursor.key(), limit);
    Future<List<AlertReads.TimelineEntry>> alertEntries =
        alertReads.timelineBefore(pool, ref.id(), cursor.at(), cursor.key(), limit);
    return Future.all(own, alertEntries)
        .compose(
            x -> {
              Set<String> actors = new HashSet<>();
              alertEntries.result().forEach(a -> actors.addAll(AlertTimelineSteps.people(a)));
              Future<Map<String, String>> namesF = DisplayNames.of(pool, actors);
              Future<Set<String>> notArrivedF = notArrived(alertEntries.result());
              return Future.all(namesF, notArrivedF)
                  .map(
                      y -> {
                        Map<String, String> names = namesF.result();
                        Set<String> notArrived = notArrivedF.result();
                        List<Item> all = new ArrayList<>();
                        own.result().forEach(e -> all.add(new Item(e.at(), e.key(), entryJson(e))));
                        alertEntries
                            .result()
                            .forEach(
                                a ->
                                    all.add(
                                        new Item(
                                            a.at(),
                                            a.key(),
                                            AlertTimelineSteps.json(a, names, notArrived))));
                        all.sort(
                            Comparator.comparing(Item::at).thenComparing(Item::key).reversed());
                        List<Item> page = all.subList(0, Math.min(limit, all.size()));
                        Item last = page.isEmpty() ? null : page.get(page.size() - 1);
                        return new JsonObject()
                            .put("entries", new JsonArray(page.stream().map(Item::json).toList()))
                            .put(
                                "next",
                                page.size() < limit
                                    ? null
                                    : new Cursor(last.at(), last.key()).text());
                      });
            });
  }

  /** The pages of the entries' escalation steps that the delivery gave up on. */
  private Future<Set<String>> notArrived(List<AlertReads.TimelineEntry> entries) {
    return undelivered
        .of(pool, AlertTimelineSteps.pagingAlerts(entries))
        .map(
            byAlert -> {
              Set<String> out = new HashSet<>();
              byAlert.forEach(
                  (alert, pages) ->
                      pages.stream()
                          // The history names pages given up on; one still retried may arrive yet.
                          .filter(p -> !p.stillTrying())
                          .forEach(
                              p ->
                                  out.add(
                                      AlertTimelineSteps.pageKey(
                                          alert, p.personId(), p.channel(), p.queuedAt()))));
              return out;
            });
  }

  private static JsonObject entryJson(PatientTimelineStore.Entry e) {
    return e.detail().copy().put("at", Json.text(e.at())).put("key", e.key()).put("kind", e.kind());
  }
}
