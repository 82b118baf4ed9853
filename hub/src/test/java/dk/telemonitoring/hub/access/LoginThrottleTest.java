package dk.telemonitoring.hub.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The login limits, table-tested at each boundary. */
class LoginThrottleTest {

  private static final Instant NOW = Instant.parse("2026-12-04T13:00:00Z");

  @ParameterizedTest(name = "{0} failures -> {1} s")
  @CsvSource({
    "0,0", "4,0", "5,30", "6,60", "7,120", "8,240", "9,480", "10,900", "11,900", "200,900"
  })
  void aPairsDelayDoublesFromTheFifthFailureUpToFifteenMinutes(long failures, long seconds) {
    assertThat(LoginThrottle.delayAfter(failures)).isEqualTo(Duration.ofSeconds(seconds));
  }

  @Test
  void thePairWaitsFromItsLastFailure() {
    assertThat(LoginThrottle.secondsToWait(pair(5, NOW.minusSeconds(10)), NOW)).isEqualTo(20);
    assertThat(LoginThrottle.secondsToWait(pair(5, NOW.minusSeconds(30)), NOW)).isZero();
    assertThat(LoginThrottle.secondsToWait(pair(5, NOW.minusSeconds(29)), NOW)).isEqualTo(1);
    assertThat(LoginThrottle.secondsToWait(pair(4, NOW), NOW)).isZero();
  }

  @Test
  void anAddressSprayingManyAccountsWaitsOnlyForAccountsThatNeverSignedInFromIt() {
    Instant windowStart = NOW.minus(Duration.ofMinutes(5));
    var stranger = new LoginThrottle.Recent(0, null, false, 20, windowStart, 0, null);
    var owner = new LoginThrottle.Recent(0, null, true, 20, windowStart, 0, null);
    assertThat(LoginThrottle.secondsToWait(stranger, NOW)).isEqualTo(600);
    assertThat(LoginThrottle.secondsToWait(owner, NOW)).isZero();
    var belowLimit = new LoginThrottle.Recent(0, null, false, 19, windowStart, 0, null);
    assertThat(LoginThrottle.secondsToWait(belowLimit, NOW)).isZero();
  }

  @Test
  void manyAddressesGuessingOneAccountNeverShutOutTheOwnersOwnAddress() {
    Instant windowStart = NOW.minus(Duration.ofMinutes(14));
    var newAddress = new LoginThrottle.Recent(0, null, false, 0, null, 20, windowStart);
    var ownersAddress = new LoginThrottle.Recent(0, null, true, 0, null, 500, windowStart);
    assertThat(LoginThrottle.secondsToWait(newAddress, NOW)).isEqualTo(60);
    assertThat(LoginThrottle.secondsToWait(ownersAddress, NOW)).isZero();
    var belowLimit = new LoginThrottle.Recent(0, null, false, 0, null, 19, windowStart);
    assertThat(LoginThrottle.secondsToWait(belowLimit, NOW)).isZero();
  }

  @Test
  void theOwnersOwnTypingErrorsStillCostHerTheirDelay() {
    var owner = new LoginThrottle.Recent(6, NOW.minusSeconds(1), true, 6, null, 6, null);
    assertThat(LoginThrottle.secondsToWait(owner, NOW)).isEqualTo(59);
  }

  private static LoginThrottle.Recent pair(long failures, Instant last) {
    return new LoginThrottle.Recent(failures, last, false, failures, null, failures, null);
  }
}
