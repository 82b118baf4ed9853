package dk.telemonitoring.hub.triage;

import java.util.Locale;

/** A sentence a nurse can read, in English and Danish. */
public record Explanation(String en, String da) {

  public String in(String language) {
    return "en".equalsIgnoreCase(language) ? en : da;
  }

  /** Numbers without trailing ".0"; one decimal otherwise; Danish uses a decimal comma. */
  public static String num(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e12
        ? String.valueOf((long) v)
        : String.format(Locale.ROOT, "%.1f", v);
  }

  public static String numDa(double v) {
    return num(v).replace('.', ',');
  }

  /** Like num but with up to two decimals (litres of FEV1). */
  public static String num2(double v) {
    return v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.2f", v);
  }

  public static String num2Da(double v) {
    return num2(v).replace('.', ',');
  }
}
