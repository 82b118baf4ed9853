package dk.telemonitoring.hub.fhir;

import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.UUID;
import org.hl7.fhir.r4.model.OperationOutcome;

/** The search parameters the FHIR API reads, each refused with an OperationOutcome's reason. */
final class FhirSearch {

  static final int DEFAULT_COUNT = 100;
  static final int MAX_COUNT = 1000;

  /** The widest date range a search can ask for. */
  static final Instant EARLIEST = Instant.parse("1900-01-01T00:00:00Z");

  static final Instant LATEST = Instant.parse("3000-01-01T00:00:00Z");

  private FhirSearch() {}

  /**
   * FHIR date search: [prefix]value with prefix eq (default), ge, gt, le, lt; value a year, month,
   * day or instant.
   */
  static Instant[] dateRange(String param) {
    String prefix =
        param.length() > 2 && Character.isLetter(param.charAt(0)) ? param.substring(0, 2) : "eq";
    String value = prefix.equals("eq") && !param.startsWith("eq") ? param : param.substring(2);
    Instant lo;
    Instant hi;
    try {
      if (value.length() == 4) {
        lo = LocalDate.of(Integer.parseInt(value), 1, 1).atStartOfDay().toInstant(ZoneOffset.UTC);
        hi =
            LocalDate.of(Integer.parseInt(value) + 1, 1, 1)
                .atStartOfDay()
                .toInstant(ZoneOffset.UTC);
      } else if (value.length() == 7) {
        YearMonth m = YearMonth.parse(value);
        lo = m.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        hi = m.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
      } else if (value.length() == 10) {
        LocalDate d = LocalDate.parse(value);
        lo = d.atStartOfDay().toInstant(ZoneOffset.UTC);
        hi = d.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
      } else {
        lo = OffsetDateTime.parse(value).toInstant();
        hi = lo.plusMillis(1);
      }
    } catch (DateTimeParseException | NumberFormatException e) {
      throw new FhirError(
          400,
          OperationOutcome.IssueType.INVALID,
          "date '" + param + "' is not a FHIR date search value");
    }
    Instant min = EARLIEST;
    Instant max = LATEST;
    return switch (prefix) {
      case "eq" -> new Instant[] {lo, hi};
      case "ge" -> new Instant[] {lo, max};
      case "gt" -> new Instant[] {hi, max};
      case "le" -> new Instant[] {min, hi};
      case "lt" -> new Instant[] {min, lo};
      default ->
          throw new FhirError(
              400, OperationOutcome.IssueType.NOTSUPPORTED, "date prefix '" + prefix + "'");
    };
  }

  /** The patient searched for ({@code patient} or {@code subject}, a reference or an id). */
  static UUID patient(RoutingContext ctx) {
    String p = ctx.queryParams().get("patient");
    if (p == null) {
      p = ctx.queryParams().get("subject");
    }
    if (p == null || p.isBlank()) {
      throw new FhirError(
          400, OperationOutcome.IssueType.REQUIRED, "the patient search parameter is required");
    }
    return uuid(p.startsWith("Patient/") ? p.substring(8) : p);
  }

  /** How many resources a page holds ({@code _count}), within the server's bounds. */
  static int count(RoutingContext ctx) {
    String c = ctx.queryParams().get("_count");
    try {
      return c == null ? DEFAULT_COUNT : Math.max(1, Math.min(MAX_COUNT, Integer.parseInt(c)));
    } catch (NumberFormatException e) {
      throw new FhirError(400, OperationOutcome.IssueType.INVALID, "_count must be a number");
    }
  }

  /** A patient id; anything else is a patient not found. */
  static UUID uuid(String s) {
    try {
      return UUID.fromString(s);
    } catch (IllegalArgumentException e) {
      throw new FhirError(404, OperationOutcome.IssueType.NOTFOUND, "no such patient");
    }
  }
}
