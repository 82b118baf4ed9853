package dk.telemonitoring.hub.ingest;

import static dk.telemonitoring.hub.reading.Rejection.reject;

import dk.telemonitoring.hub.reading.RejectReason;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.AbstractMap;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** U+0000 in a payload: replaced in free text, refused anywhere else. */
final class NulCharacters {

  private NulCharacters() {}

  /**
   * PostgreSQL's text and jsonb cannot hold U+0000, which valid JSON may carry escaped (backslash,
   * u0000). In free text (a "call me" note, {@code context} strings) it becomes U+FFFD, the
   * replacement character, so a stray byte in a note does not cost the vital signs beside it;
   * anywhere else (identifiers, codes, units, field names) the message is refused with the field's
   * path and quarantined for what it is, instead of failing its batch's insert. Iterative: nesting
   * is bounded by the parser, but not by this method's stack.
   */
  static void replaceOrReject(JsonObject json) {
    ArrayDeque<Map.Entry<String, Object>> pending = new ArrayDeque<>();
    pending.push(Map.entry("", json));
    while (!pending.isEmpty()) {
      Map.Entry<String, Object> next = pending.pop();
      String path = next.getKey();
      Object value = next.getValue();
      if (value instanceof JsonObject o) {
        Map<String, String> replaced = new HashMap<>();
        for (Map.Entry<String, Object> e : o) {
          String field = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
          if (e.getKey().indexOf('\u0000') >= 0) {
            throw reject(
                RejectReason.NUL_CHARACTER, "in a field name under '" + printable(path) + "'");
          }
          if (e.getValue() instanceof String s) {
            withoutNul(field, s).ifPresent(fixed -> replaced.put(e.getKey(), fixed));
          } else {
            pending.push(new AbstractMap.SimpleEntry<>(field, e.getValue()));
          }
        }
        replaced.forEach(o::put);
      } else if (value instanceof JsonArray a) {
        for (int i = 0; i < a.size(); i++) {
          String element = path + "[" + i + "]";
          if (a.getValue(i) instanceof String s) {
            int at = i;
            withoutNul(element, s).ifPresent(fixed -> a.set(at, fixed));
          } else {
            pending.push(new AbstractMap.SimpleEntry<>(element, a.getValue(i)));
          }
        }
      }
    }
  }

  /**
   * The string with its NULs replaced, if it has any and is free text; refused if it has any and is
   * not.
   */
  private static Optional<String> withoutNul(String path, String s) {
    if (s.indexOf('\u0000') < 0) {
      return Optional.empty();
    }
    if (!path.equals("text") && !path.startsWith("context.")) {
      throw reject(RejectReason.NUL_CHARACTER, "in '" + printable(path) + "'");
    }
    return Optional.of(s.replace('\u0000', '\uFFFD'));
  }

  private static String printable(String path) {
    String p = path.replace("\u0000", "\\u0000");
    return p.length() > 100 ? p.substring(0, 100) + "..." : p;
  }
}
