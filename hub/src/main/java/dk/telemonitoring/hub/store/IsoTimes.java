package dk.telemonitoring.hub.store;

import java.time.OffsetDateTime;

/** Timestamps as the JSON the stores return writes them: ISO-8601 instants in UTC. */
final class IsoTimes {

  private IsoTimes() {}

  static String text(OffsetDateTime t) {
    return t == null ? null : t.toInstant().toString();
  }
}
