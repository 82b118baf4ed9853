package dk.telemonitoring.hub.access;

import java.time.Duration;
import java.time.Instant;

/**
 * How long a login attempt must wait, from the recent failures around it. Guesses are limited per
 * account and address pair with growing delays, so a stranger guessing elsewhere never locks a
 * nurse out of the triage screen during her shift. The wider limits (one address spraying many
 * accounts, many addresses guessing one account) hold only for an address the account has never
 * signed in from: the nurse's own workstation, behind the clinic's shared address, stays open.
 */
public final class LoginThrottle {

  /** Wrong passwords from one pair before the first delay: typing errors cost nothing. */
  public static final int FREE_GUESSES = 5;

  /** The first delay; each further failure of the pair doubles it, up to {@link #MAX_DELAY}. */
  public static final Duration FIRST_DELAY = Duration.ofSeconds(30);

  public static final Duration MAX_DELAY = Duration.ofMinutes(15);

  /** A pair's failures older than this (or before its last success) no longer count. */
  public static final Duration PAIR_MEMORY = Duration.ofHours(1);

  /** The window of the wide limits. */
  public static final Duration WINDOW = Duration.ofMinutes(15);

  /** Failures from one address over all accounts, or on one account from all addresses. */
  public static final int WIDE_LIMIT = 20;

  /** An address the account signed in from this recently is the owner's own. */
  public static final Duration KNOWN_ADDRESS = Duration.ofDays(30);

  /**
   * What the database knows around one attempt.
   *
   * @param pairFailures failures of this account from this address since the pair's last success,
   *     within {@link #PAIR_MEMORY}
   * @param pairLastFailure the latest of them (null if none)
   * @param knownAddress the account signed in from this address within {@link #KNOWN_ADDRESS}
   * @param addressFailures failures from this address over all accounts within {@link #WINDOW}
   * @param addressWindowStart when the {@link #WIDE_LIMIT}-th latest of them happened (null if
   *     fewer)
   * @param accountFailures failures on this account from all addresses within {@link #WINDOW}
   * @param accountWindowStart when the {@link #WIDE_LIMIT}-th latest of them happened (null if
   *     fewer)
   */
  public record Recent(
      long pairFailures,
      Instant pairLastFailure,
      boolean knownAddress,
      long addressFailures,
      Instant addressWindowStart,
      long accountFailures,
      Instant accountWindowStart) {}

  private LoginThrottle() {}

  /** The delay after a pair's {@code failures}-th consecutive failure. */
  public static Duration delayAfter(long failures) {
    if (failures < FREE_GUESSES) {
      return Duration.ZERO;
    }
    long doublings = Math.min(failures - FREE_GUESSES, 30);
    Duration delay = FIRST_DELAY.multipliedBy(1L << doublings);
    return delay.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay;
  }

  /** Whole seconds until the attempt may be made, 0 if now. */
  public static long secondsToWait(Recent r, Instant now) {
    Instant allowedAt = Instant.MIN;
    if (r.pairLastFailure() != null) {
      allowedAt = later(allowedAt, r.pairLastFailure().plus(delayAfter(r.pairFailures())));
    }
    if (!r.knownAddress()) {
      if (r.addressFailures() >= WIDE_LIMIT && r.addressWindowStart() != null) {
        allowedAt = later(allowedAt, r.addressWindowStart().plus(WINDOW));
      }
      if (r.accountFailures() >= WIDE_LIMIT && r.accountWindowStart() != null) {
        allowedAt = later(allowedAt, r.accountWindowStart().plus(WINDOW));
      }
    }
    if (!allowedAt.isAfter(now)) {
      return 0;
    }
    // Rounded up: a client that waits exactly Retry-After is let in.
    return (Duration.between(now, allowedAt).toMillis() + 999) / 1000;
  }

  private static Instant later(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }
}
