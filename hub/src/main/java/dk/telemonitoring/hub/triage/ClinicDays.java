package dk.telemonitoring.hub.triage;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;

/**
 * The calendar day in Copenhagen of an instant, as {@code at.atZone(ZONE).toLocalDate()} gives it,
 * without asking the zone's rules for every reading: the rules work out a year's daylight-saving
 * transitions on each call, and the baseline and trend rules ask for every reading of a patient's
 * 90 days for every message (a sixth of triage's time in a profile). The offsets of the last few
 * spans between two transitions are kept and reused for instants inside them (a 90-day history
 * crosses one or two transitions, and each pass over it goes back and forth between their spans).
 */
public final class ClinicDays {

  public static final ZoneId ZONE = ZoneId.of("Europe/Copenhagen");

  private static final ZoneRules RULES = ZONE.getRules();
  private static final long SECONDS_PER_DAY = 86_400;

  /** Epoch seconds [from, until) that share one UTC offset. */
  private record Span(long from, long until, int offsetSeconds) {
    boolean holds(long second) {
      return second >= from && second < until;
    }
  }

  private static final int KEPT = 4;

  /** Newest first; shared by every thread, replaced whole, so a race only loses a span. */
  private static volatile Span[] kept = new Span[0];

  private ClinicDays() {}

  public static LocalDate of(Instant at) {
    long second = at.getEpochSecond();
    Span[] spans = kept;
    for (Span span : spans) {
      if (span.holds(second)) return day(second, span);
    }
    Span span = spanOf(second);
    Span[] next = new Span[Math.min(KEPT, spans.length + 1)];
    next[0] = span;
    System.arraycopy(spans, 0, next, 1, next.length - 1);
    kept = next;
    return day(second, span);
  }

  private static LocalDate day(long second, Span span) {
    return LocalDate.ofEpochDay(Math.floorDiv(second + span.offsetSeconds(), SECONDS_PER_DAY));
  }

  /**
   * Transitions fall on whole seconds, so every instant in the second shares the offset found for
   * its start.
   */
  static Span spanOf(long second) {
    Instant start = Instant.ofEpochSecond(second);
    int offset = RULES.getOffset(start).getTotalSeconds();
    ZoneOffsetTransition next = RULES.nextTransition(start);
    long until = next == null ? Long.MAX_VALUE : next.toEpochSecond();
    ZoneOffsetTransition previous = RULES.previousTransition(start.plusSeconds(1));
    long from = previous == null ? Long.MIN_VALUE : previous.toEpochSecond();
    if (from > second || RULES.getOffset(Instant.ofEpochSecond(from)).getTotalSeconds() != offset) {
      from = second;
    }
    return new Span(from, Math.max(until, second + 1), offset);
  }
}
