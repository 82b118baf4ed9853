package dk.telemonitoring.alerts.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The escalation engine's note on a step in the alert's history: whom it paged, as what and how
 * ("step 2: notified doctor-7 as ONCALL_DOCTOR by EMAIL, doctor-9 as BACKUP_DOCTOR by PUSH"). The
 * engine writes each page with {@link #page}; screens read them back with {@link #pages}, so a step
 * can name the doctor it reached.
 */
public final class EscalationStepNote {

  /** One page of a step: the person, the role (or label) paged as, and the channel. */
  public record Page(String personId, String pagedAs, Channel channel) {}

  private static final Pattern PAGE = Pattern.compile("(\\S+) as (\\S+) by ([A-Z_]+)");

  private EscalationStepNote() {}

  /** How the engine writes one page of a step. */
  public static String page(String personId, String pagedAs, Channel channel) {
    return personId + " as " + pagedAs + " by " + channel.name();
  }

  /** The pages a step's note names, in its order; none when it is no such note. */
  public static List<Page> pages(String note) {
    List<Page> out = new ArrayList<>();
    Matcher m = PAGE.matcher(note != null && note.startsWith("step ") ? note : "");
    while (m.find()) {
      try {
        out.add(new Page(m.group(1), m.group(2), Channel.valueOf(m.group(3))));
      } catch (IllegalArgumentException unknownChannel) {
        // A channel this version does not know: the page is left out rather than misnamed.
      }
    }
    return out;
  }
}
