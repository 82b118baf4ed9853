package dk.telemonitoring.hub.store;

import java.util.List;

/**
 * What a committed batch wrote: one outcome per item, in order, and whether it marked an outbox row
 * for the critical lane ({@code triage_outbox.critical}). The mark is the database's answer, so the
 * lane is woken exactly when it has work, including a reading at a patient's own stricter CRITICAL
 * limit that the ingest's screen cannot see.
 */
public record Written(List<WriteOutcome> outcomes, boolean markedCritical) {

  public Written {
    outcomes = List.copyOf(outcomes);
  }
}
