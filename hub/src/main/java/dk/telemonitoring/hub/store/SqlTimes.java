package dk.telemonitoring.hub.store;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Instants as the reactive PostgreSQL client binds them to {@code timestamptz}: it takes an {@link
 * OffsetDateTime}, not an {@link Instant}.
 */
public final class SqlTimes {

  private SqlTimes() {}

  /** The instant in UTC; null stays null. */
  public static OffsetDateTime utc(Instant t) {
    return t == null ? null : t.atOffset(ZoneOffset.UTC);
  }
}
