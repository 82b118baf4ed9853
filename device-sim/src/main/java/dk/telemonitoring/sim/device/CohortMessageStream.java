package dk.telemonitoring.sim.device;

import dk.telemonitoring.sim.cohort.Cohort;
import dk.telemonitoring.sim.cohort.CohortPatient;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;

/**
 * All messages of a cohort's period in the order devices send them (by simulated send time),
 * generated lazily a day at a time so a long period with streaming wearables never sits in memory
 * at once.
 *
 * <p>Why a day at a time is enough: every message generated for day d is sent at or after d's
 * midnight, so once day d is generated, anything queued with a send time before that midnight is
 * final and can be released. Backlogs that come up days later simply wait in the queue.
 */
public final class CohortMessageStream implements Iterator<SimMessage> {
  public static final Comparator<SimMessage> BY_SEND_TIME =
      Comparator.comparing(SimMessage::sendAt)
          .thenComparing(SimMessage::deviceId)
          .thenComparing(SimMessage::msgId)
          .thenComparing(SimMessage::duplicate);

  private final Cohort cohort;
  private final List<PatientMessageGenerator> generators = new ArrayList<>();
  private final PriorityQueue<SimMessage> queue = new PriorityQueue<>(BY_SEND_TIME);
  private final int days;
  private int nextDay;

  public CohortMessageStream(Cohort cohort, DeviceBehaviourSpec behaviour) {
    this(cohort, behaviour, cohort.spec().days());
  }

  /**
   * @param days how many days to generate (the cohort's own length unless a live run wants more)
   */
  public CohortMessageStream(Cohort cohort, DeviceBehaviourSpec behaviour, int days) {
    this.cohort = cohort;
    this.days = days;
    for (CohortPatient p : cohort.patients()) {
      generators.add(
          new PatientMessageGenerator(p, behaviour, cohort.spec().start(), cohort.spec().zone()));
    }
  }

  @Override
  public boolean hasNext() {
    while (nextDay < days
        && (queue.isEmpty() || !queue.peek().sendAt().isBefore(startOfDay(nextDay)))) {
      for (PatientMessageGenerator g : generators) {
        queue.addAll(g.day(nextDay));
      }
      nextDay++;
    }
    // The period ends at the cohort's end: what would be sent later (a backlog still offline) never
    // is.
    return !queue.isEmpty() && queue.peek().sendAt().isBefore(cohort.spec().end());
  }

  @Override
  public SimMessage next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    return queue.poll();
  }

  /** Send time of the next message without taking it, or null at the end. */
  public Instant peekSendAt() {
    return hasNext() ? queue.peek().sendAt() : null;
  }

  private Instant startOfDay(int dayIndex) {
    LocalDate first = cohort.spec().start().atZone(cohort.spec().zone()).toLocalDate();
    return first.plusDays(dayIndex).atStartOfDay(cohort.spec().zone()).toInstant();
  }
}
