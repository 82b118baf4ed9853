package dk.telemonitoring.hub.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The fast path accepts, rejects and returns exactly what {@code OffsetDateTime.parse} does. */
class IsoOffsetTimeTest {

  @Test
  void agreesWithOffsetDateTimeParseOnEdgeCasesAndRandomStrings() {
    List<String> cases =
        new ArrayList<>(
            List.of(
                "2026-12-04T16:00:00Z",
                "2026-12-04T16:00:00.1Z",
                "2026-12-04T16:00:00.123456789Z",
                "2026-12-04T16:00:00.1234567891Z",
                "2026-12-04T16:00:00.Z",
                "2026-12-04T16:00:00+01:00",
                "2026-12-04T16:00:00-05:30",
                "2026-12-04T16:00:00-00:00",
                "2026-12-04T16:00:00+18:00",
                "2026-12-04T16:00:00+18:01",
                "2026-12-04T16:00:00+19:00",
                "2026-12-04T16:00:00+01:60",
                "2026-12-04T16:00:00+0100",
                "2026-12-04T16:00:00+01:00:30",
                "2026-12-04T16:00Z",
                "2026-12-04t16:00:00Z",
                "2026-12-04T16:00:00z",
                "2026-12-04 16:00:00Z",
                "2026-02-29T00:00:00Z",
                "2024-02-29T00:00:00Z",
                "2026-04-31T00:00:00Z",
                "2026-13-01T00:00:00Z",
                "2026-00-01T00:00:00Z",
                "0000-01-01T00:00:00Z",
                "9999-12-31T23:59:59.999999999-18:00",
                "2026-12-04T24:00:00Z",
                "2026-12-04T23:59:60Z",
                "2026-12-04T23:60:00Z",
                "+2026-12-04T16:00:00Z",
                "2026-12-04T16:00:00Z ",
                "2026-12-04T16:00:00",
                "2026-12-04T16:00:00+01:00[Europe/Copenhagen]",
                "2026-1a-04T16:00:00Z",
                ""));
    Random random = new Random(15);
    String alphabet = "0123456789-:T.Z+ z";
    for (int k = 0; k < 200_000; k++) {
      char[] s = "2026-12-04T16:30:45.250+01:00".toCharArray();
      int edits = 1 + random.nextInt(3);
      for (int e = 0; e < edits; e++) {
        s[random.nextInt(s.length)] = alphabet.charAt(random.nextInt(alphabet.length()));
      }
      String t = new String(s);
      cases.add(random.nextBoolean() ? t : t.substring(0, 19 + random.nextInt(11)));
    }
    for (String s : cases) {
      assertThat(outcome(() -> IsoOffsetTime.parse(s)))
          .as(s)
          .isEqualTo(outcome(() -> OffsetDateTime.parse(s).toInstant()));
    }
    assertThat(IsoOffsetTime.fast("2026-12-04T16:00:00.5+01:00"))
        .isEqualTo(Instant.parse("2026-12-04T15:00:00.5Z"));
  }

  private static String outcome(java.util.function.Supplier<Instant> parse) {
    try {
      return parse.get().toString();
    } catch (DateTimeParseException e) {
      return "rejected";
    }
  }
}
