package dk.telemonitoring.alerts.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The words of a patient's "call me" finding: the newest request's, then the earlier requests' of
 * the same open alert, newest first. Each request used to replace the last, so a nurse reading the
 * alert saw "unsure if the device works" and not the request before it, "more breathless tonight".
 * The words travel in the finding's inputs ({@code text}, {@code textDa}, {@code earlier}, {@code
 * earlierDa}), so that the next request finds them there.
 *
 * @param earlier at most {@link #KEPT} earlier requests' words, newest first; blank ones are not
 *     kept
 */
public record ContactRequestWords(
    String text, String textDa, List<String> earlier, List<String> earlierDa) {

  /** Earlier requests an alert's words keep: enough for a night's calls, never a wall of text. */
  public static final int KEPT = 5;

  private static final String EARLIER = "Earlier in this alert";
  private static final String EARLIER_DA = "Tidligere i samme alarm";

  public ContactRequestWords {
    text = text == null ? "" : text.strip();
    textDa = textDa == null || textDa.isBlank() ? text : textDa.strip();
    earlier = List.copyOf(earlier);
    earlierDa = List.copyOf(earlierDa);
  }

  /** One request's words, in English and Danish (the patient's own text is in both). */
  public static ContactRequestWords of(String text, String textDa) {
    return new ContactRequestWords(text, textDa, List.of(), List.of());
  }

  /** The words a finding holds, from its inputs (an older finding has {@code text} only). */
  public static ContactRequestWords from(Map<String, Object> inputs) {
    String text = string(inputs.get("text"));
    return new ContactRequestWords(
        text,
        inputs.containsKey("textDa") ? string(inputs.get("textDa")) : text,
        strings(inputs.get("earlier")),
        inputs.containsKey("earlierDa")
            ? strings(inputs.get("earlierDa"))
            : strings(inputs.get("earlier")));
  }

  /** This request after those {@code before} holds: its words first, theirs kept as earlier. */
  public ContactRequestWords after(ContactRequestWords before) {
    return new ContactRequestWords(
        text, textDa, kept(before.text, before.earlier), kept(before.textDa, before.earlierDa));
  }

  /** The finding's sentence: {@code wording} and this request's words, then the earlier ones. */
  public String explanation(String wording) {
    return sentence(wording, text, EARLIER, earlier);
  }

  public String explanationDa(String wordingDa) {
    return sentence(wordingDa, textDa, EARLIER_DA, earlierDa);
  }

  /** This request's sentence alone: the alert's note of it. */
  public String said(String wording) {
    return sentence(wording, text, EARLIER, List.of());
  }

  public String saidDa(String wordingDa) {
    return sentence(wordingDa, textDa, EARLIER_DA, List.of());
  }

  /** The finding's inputs: the words, for the next request, and nothing when there are none. */
  public Map<String, Object> inputs() {
    Map<String, Object> out = new LinkedHashMap<>();
    if (!text.isEmpty()) {
      out.put("text", text);
      out.put("textDa", textDa);
    }
    if (!earlier.isEmpty()) {
      out.put("earlier", earlier);
      out.put("earlierDa", earlierDa);
    }
    return out;
  }

  private static String sentence(String wording, String words, String label, List<String> before) {
    String first = words.isEmpty() ? wording + "." : wording + ": " + words;
    return before.isEmpty() ? first : first + ". " + label + ": " + String.join("; ", before);
  }

  private static List<String> kept(String newest, List<String> older) {
    List<String> out = new ArrayList<>();
    if (!newest.isBlank()) out.add(newest);
    for (String s : older) {
      if (out.size() == KEPT) break;
      out.add(s);
    }
    return out;
  }

  private static String string(Object o) {
    return o == null ? "" : String.valueOf(o);
  }

  private static List<String> strings(Object o) {
    // A list as written, or as the JSON library hands back an array.
    if (!(o instanceof Iterable<?> list)) return List.of();
    List<String> out = new ArrayList<>();
    for (Object e : list) {
      if (e != null && !String.valueOf(e).isBlank()) out.add(String.valueOf(e));
    }
    return out;
  }
}
