package dk.telemonitoring.hub.push;

import dk.telemonitoring.hub.access.Principal;
import dk.telemonitoring.hub.access.Sessions;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * GET /api/v1/stream: Server-Sent Events for the triage screen. Only events of the person's
 * clinics; batched into one {@code changes} event so a burst of readings repaints the board once:
 * within {@value #BATCH_MS} ms of the first pending event, or within {@value #URGENT_MS} ms when an
 * alert or a notification is pending (a nurse should see a new alert at once; the short wait still
 * folds the transitions of one commit together). A browser that loses the connection reconnects by
 * itself (EventSource, {@code retry}) and then refetches the board, which is how it catches up on
 * what it missed. The session is re-checked every 30 s; a revoked or expired session ends the
 * stream with a {@code session-ended} event.
 */
public final class LiveStream {

  public static final int BATCH_MS = 250;
  public static final int URGENT_MS = 10;
  private static final long HEARTBEAT_MS = 15_000;
  private static final long SESSION_CHECK_MS = 30_000;

  private final Vertx vertx;
  private final Sessions sessions;

  public LiveStream(Vertx vertx, Sessions sessions) {
    this.vertx = vertx;
    this.sessions = sessions;
  }

  /**
   * Serves one browser for as long as it stays connected. The caller has authenticated {@code who}.
   */
  public void serve(RoutingContext ctx, Principal who) {
    HttpServerResponse response = ctx.response();
    response
        .setChunked(true)
        .putHeader("content-type", "text/event-stream; charset=utf-8")
        .putHeader("cache-control", "no-store")
        .putHeader("x-accel-buffering", "no");
    Set<String> clinics = Set.copyOf(who.clinics());
    Batch batch = new Batch(response);
    List<MessageConsumer<JsonObject>> consumers = new ArrayList<>();
    for (String address : PushAddresses.STREAMED) {
      String type = PushAddresses.eventType(address);
      boolean urgent =
          PushAddresses.ALERTS_CHANGED.equals(address)
              || PushAddresses.IN_APP_NOTIFICATIONS.equals(address);
      consumers.add(
          vertx
              .eventBus()
              .<JsonObject>localConsumer(
                  address,
                  m -> {
                    JsonObject body = m.body();
                    if (body != null && clinics.contains(body.getString("clinicId"))) {
                      batch.add(body.copy().put("type", type), urgent);
                    }
                  }));
    }
    long[] timers = new long[2];
    Runnable close =
        () -> {
          for (long t : timers) {
            vertx.cancelTimer(t);
          }
          batch.cancel();
          consumers.forEach(MessageConsumer::unregister);
        };
    response.closeHandler(v -> close.run());
    response.exceptionHandler(e -> close.run());
    response.write("retry: 3000\n\n");
    response.write(
        event(
            "hello",
            new JsonObject()
                .put("clinics", new JsonArray(who.clinics()))
                .put("serverTime", java.time.Instant.now().toString())));
    timers[0] =
        vertx.setPeriodic(
            HEARTBEAT_MS,
            id -> {
              if (!response.closed()) {
                response.write(": keep-alive\n\n");
              }
            });
    timers[1] =
        vertx.setPeriodic(
            SESSION_CHECK_MS,
            id ->
                sessions
                    .lookup(who.tokenHash(), true)
                    .onComplete(
                        ar -> {
                          if (ar.succeeded() && ar.result() == null && !response.closed()) {
                            response.write(event("session-ended", new JsonObject()));
                            response.end();
                            close.run();
                          }
                        }));
  }

  /** Pending events of one connection and the timer that will send them. Event-loop only. */
  private final class Batch {
    private final HttpServerResponse response;
    private final List<JsonObject> pending = new ArrayList<>();
    private long timer = -1;
    private long dueNanos;

    Batch(HttpServerResponse response) {
      this.response = response;
    }

    void add(JsonObject event, boolean urgent) {
      pending.add(event);
      long delayMs = urgent ? URGENT_MS : BATCH_MS;
      long due = System.nanoTime() + delayMs * 1_000_000;
      if (timer >= 0 && due - dueNanos >= 0) {
        return; // already due sooner
      }
      cancel();
      dueNanos = due;
      timer = vertx.setTimer(delayMs, id -> flush());
    }

    void cancel() {
      if (timer >= 0) {
        vertx.cancelTimer(timer);
        timer = -1;
      }
    }

    private void flush() {
      timer = -1;
      if (!pending.isEmpty() && !response.closed()) {
        JsonArray events = new JsonArray(new ArrayList<>(pending));
        pending.clear();
        response.write(event("changes", events));
      }
    }
  }

  private static String event(String name, Object data) {
    String json = data instanceof JsonObject o ? o.encode() : ((JsonArray) data).encode();
    return "event: " + name + "\ndata: " + json + "\n\n";
  }
}
