package dk.telemonitoring.alerts.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Resolves who holds a role at an instant from a clinic's rotations and overrides. Plain java.time.
 */
public final class OnCallSchedule {

  private final List<Rotation> rotations;
  private final List<OnCallOverride> overrides;

  public OnCallSchedule(List<Rotation> rotations, List<OnCallOverride> overrides) {
    this.rotations = List.copyOf(rotations);
    this.overrides = List.copyOf(overrides);
  }

  /** Who is on call at {@code t} and who comes next. */
  public OnCall whoIsOnCall(OnCallRole role, Instant t) {
    Optional<Shift> now = at(role, t);
    return new OnCall(now, firstShiftFrom(role, now.map(Shift::end).orElse(t)));
  }

  /** The shift covering {@code t}, or else the next one to begin (a rotation may end in a gap). */
  private Optional<Shift> firstShiftFrom(OnCallRole role, Instant t) {
    Optional<Shift> covering = at(role, t);
    return covering.isPresent() ? covering : nextStart(role, t).flatMap(start -> at(role, start));
  }

  /**
   * When the next shift begins while nobody holds the role: a rotation's first handover or a
   * swapped shift, whichever comes first (a swap alone is a shift too, rota or not).
   */
  private Optional<Instant> nextStart(OnCallRole role, Instant t) {
    Optional<Instant> override =
        overrides.stream()
            .filter(o -> o.role() == role && o.from().isAfter(t))
            .map(OnCallOverride::from)
            .min(Comparator.naturalOrder());
    Optional<Instant> rotation = nextRotationStart(role, t);
    if (override.isEmpty()) return rotation;
    if (rotation.isEmpty()) return override;
    return Optional.of(override.get().isBefore(rotation.get()) ? override.get() : rotation.get());
  }

  /** The shift covering {@code t}, if anyone is scheduled. */
  public Optional<Shift> at(OnCallRole role, Instant t) {
    Optional<OnCallOverride> override =
        overrides.stream()
            .filter(o -> o.role() == role && o.covers(t))
            .max(Comparator.comparing(OnCallOverride::createdAt).thenComparing(OnCallOverride::id));
    if (override.isPresent()) {
      OnCallOverride o = override.get();
      return Optional.of(new Shift(role, o.personId(), o.from(), o.to(), Shift.Source.OVERRIDE));
    }
    return rotationShift(role, t).map(s -> cutByOverride(s, t));
  }

  /**
   * The rotation's shift as the person holds it around {@code t}: until the next swap within it
   * begins, and from the end of a swap within it that ended by {@code t} (a week's shift with a
   * day's swap in it is two shifts, not one under the swap).
   */
  private Shift cutByOverride(Shift s, Instant t) {
    Instant start = s.start();
    Instant end = s.end();
    for (OnCallOverride o : overrides) {
      if (o.role() != s.role()) {
        continue;
      }
      if (o.from().isAfter(t) && o.from().isBefore(end)) {
        end = o.from();
      }
      if (!o.to().isAfter(t) && o.to().isAfter(start)) {
        start = o.to();
      }
    }
    return new Shift(s.role(), s.personId(), start, end, s.source());
  }

  private Optional<Rotation> rotationFor(OnCallRole role, Instant t) {
    return rotations.stream()
        .filter(r -> r.role() == role && r.covers(t))
        .reduce((a, b) -> b.precedes(a) ? b : a);
  }

  private Optional<Instant> nextRotationStart(OnCallRole role, Instant t) {
    return rotations.stream()
        .filter(r -> r.role() == role)
        .map(Rotation::start)
        .filter(s -> s.isAfter(t))
        .min(Comparator.naturalOrder());
  }

  private Optional<Shift> rotationShift(OnCallRole role, Instant t) {
    Optional<Rotation> found = rotationFor(role, t);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    Rotation r = found.get();
    LocalDate day = t.atZone(r.zone()).toLocalDate();
    // The latest handover at or before t lies within one rotation period before t's local date.
    long startIndex = -1;
    Instant start = null;
    for (LocalDate d = day.minusDays(r.rotationDays()); !d.isAfter(day); d = d.plusDays(1)) {
      long days = ChronoUnit.DAYS.between(r.anchorDate(), d);
      if (days < 0 || Math.floorMod(days, r.rotationDays()) != 0) {
        continue;
      }
      List<LocalTime> times = r.handoverTimes();
      for (int h = 0; h < times.size(); h++) {
        Instant candidate = ZonedDateTime.of(d, times.get(h), r.zone()).toInstant();
        if (!candidate.isAfter(t) && (start == null || candidate.isAfter(start))) {
          start = candidate;
          startIndex = Math.floorDiv(days, r.rotationDays()) * times.size() + h;
        }
      }
    }
    if (start == null) {
      return Optional.empty();
    }
    Instant end = handoverAfter(r, start);
    if (r.end().isPresent() && r.end().get().isBefore(end)) {
      end = r.end().get();
    }
    // A rotation that takes precedence cuts the shift where it starts, and where it ended (a
    // holiday rota over) the shift is this rotation's only from then.
    for (Rotation o : rotations) {
      if (o.role() != role || !o.precedes(r)) {
        continue;
      }
      if (o.start().isAfter(t) && o.start().isBefore(end)) {
        end = o.start();
      }
      Optional<Instant> ended = o.end();
      if (ended.isPresent() && !ended.get().isAfter(t) && ended.get().isAfter(start)) {
        start = ended.get();
      }
    }
    String person = r.personIds().get((int) Math.floorMod(startIndex, (long) r.personIds().size()));
    return Optional.of(new Shift(role, person, start, end, Shift.Source.ROTATION));
  }

  private static Instant handoverAfter(Rotation r, Instant start) {
    LocalDate day = start.atZone(r.zone()).toLocalDate();
    for (LocalDate d = day; ; d = d.plusDays(1)) {
      long days = ChronoUnit.DAYS.between(r.anchorDate(), d);
      if (days < 0 || Math.floorMod(days, r.rotationDays()) != 0) {
        continue;
      }
      for (LocalTime time : r.handoverTimes()) {
        Instant candidate = ZonedDateTime.of(d, time, r.zone()).toInstant();
        if (candidate.isAfter(start)) {
          return candidate;
        }
      }
    }
  }
}
