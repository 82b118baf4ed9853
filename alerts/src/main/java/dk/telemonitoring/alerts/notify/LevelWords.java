package dk.telemonitoring.alerts.notify;

import dk.telemonitoring.alerts.domain.Level;

/** A level as a page names it, in Danish (the clinic's language) and English. */
public final class LevelWords {
  private LevelWords() {}

  public static String da(Level level) {
    return switch (level) {
      case GREEN -> "GRØN";
      case YELLOW -> "GUL";
      case RED -> "RØD";
      case CRITICAL -> "KRITISK";
    };
  }

  public static String en(Level level) {
    return level.name();
  }
}
