package dk.telemonitoring.hub.store;

/**
 * What a committed write did with an item: stored new, recognised as a duplicate, or quarantined.
 */
public enum WriteOutcome {
  STORED,
  DUPLICATE,
  QUARANTINED
}
