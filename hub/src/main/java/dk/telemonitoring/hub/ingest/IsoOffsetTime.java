package dk.telemonitoring.hub.ingest;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Parses an ISO-8601 time with offset exactly as {@link OffsetDateTime#parse(CharSequence)} does,
 * without its general formatter for the shape devices send ({@code 2026-12-04T16:00:00.123Z} or
 * {@code +01:00}): under a flood the formatter took a fifth of the ingest event loop (JFR, see
 * docs/benchmark.md). Anything else, or a value the fast path finds invalid, goes to {@code
 * OffsetDateTime.parse}, so what is accepted, rejected and returned never differs.
 */
final class IsoOffsetTime {
  private IsoOffsetTime() {}

  /**
   * @throws java.time.format.DateTimeParseException as {@code OffsetDateTime.parse} does
   */
  static Instant parse(String s) {
    Instant fast = fast(s);
    return fast != null ? fast : OffsetDateTime.parse(s).toInstant();
  }

  /** The instant, or null when {@code s} is not of the common shape or not a valid time. */
  static Instant fast(String s) {
    int n = s.length();
    if (n < 20
        || s.charAt(4) != '-'
        || s.charAt(7) != '-'
        || s.charAt(10) != 'T'
        || s.charAt(13) != ':'
        || s.charAt(16) != ':') {
      return null;
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 2);
    int day = digits(s, 8, 2);
    int hour = digits(s, 11, 2);
    int minute = digits(s, 14, 2);
    int second = digits(s, 17, 2);
    if ((year | month | day | hour | minute | second) < 0) return null;
    int i = 19;
    int nanos = 0;
    if (s.charAt(i) == '.') {
      int start = ++i;
      while (i < n && i - start < 9 && isDigit(s.charAt(i))) {
        nanos = nanos * 10 + (s.charAt(i) - '0');
        i++;
      }
      int count = i - start;
      if (count == 0 || (i < n && isDigit(s.charAt(i)))) return null;
      for (int k = count; k < 9; k++) nanos *= 10;
    }
    if (i >= n) return null;
    ZoneOffset offset;
    char c = s.charAt(i);
    if (c == 'Z' && i + 1 == n) {
      offset = ZoneOffset.UTC;
    } else if ((c == '+' || c == '-') && i + 6 == n && s.charAt(i + 3) == ':') {
      int oh = digits(s, i + 1, 2);
      int om = digits(s, i + 4, 2);
      if ((oh | om) < 0) return null;
      int sign = c == '-' ? -1 : 1;
      try {
        offset = ZoneOffset.ofHoursMinutes(sign * oh, sign * om);
      } catch (DateTimeException e) {
        return null;
      }
    } else {
      return null;
    }
    try {
      long epochDay = LocalDate.of(year, month, day).toEpochDay();
      int secondOfDay = LocalTime.of(hour, minute, second).toSecondOfDay();
      return Instant.ofEpochSecond(
          epochDay * 86_400 + secondOfDay - offset.getTotalSeconds(), nanos);
    } catch (DateTimeException e) {
      return null;
    }
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** The non-negative number in {@code len} ASCII digits at {@code from}, or -1. */
  private static int digits(String s, int from, int len) {
    int v = 0;
    for (int k = from; k < from + len; k++) {
      char c = s.charAt(k);
      if (!isDigit(c)) return -1;
      v = v * 10 + (c - '0');
    }
    return v;
  }
}
