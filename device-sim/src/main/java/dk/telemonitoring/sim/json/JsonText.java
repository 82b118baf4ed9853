package dk.telemonitoring.sim.json;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Minimal JSON writer for maps, lists, strings, numbers, booleans and instants. The simulator
 * builds payloads as ordered maps so that faults can be injected structurally, then writes them
 * here; no JSON library is needed in the pure domain and the output is byte-for-byte reproducible.
 */
public final class JsonText {
  private JsonText() {}

  public static String write(Object value) {
    StringBuilder sb = new StringBuilder(256);
    append(sb, value);
    return sb.toString();
  }

  private static void append(StringBuilder sb, Object value) {
    if (value == null) {
      sb.append("null");
    } else if (value instanceof RawJson raw) {
      sb.append(raw.text());
    } else if (value instanceof String s) {
      appendString(sb, s);
    } else if (value instanceof Instant i) {
      appendString(sb, i.toString());
    } else if (value instanceof Double d) {
      appendDouble(sb, d);
    } else if (value instanceof Float f) {
      appendDouble(sb, f.doubleValue());
    } else if (value instanceof Number || value instanceof Boolean) {
      sb.append(value);
    } else if (value instanceof Map<?, ?> map) {
      sb.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (!first) {
          sb.append(',');
        }
        first = false;
        appendString(sb, String.valueOf(e.getKey()));
        sb.append(':');
        append(sb, e.getValue());
      }
      sb.append('}');
    } else if (value instanceof List<?> list) {
      sb.append('[');
      for (int i = 0; i < list.size(); i++) {
        if (i > 0) {
          sb.append(',');
        }
        append(sb, list.get(i));
      }
      sb.append(']');
    } else {
      appendString(sb, value.toString());
    }
  }

  private static void appendDouble(StringBuilder sb, double d) {
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      throw new IllegalArgumentException(
          "JSON has no NaN/Infinity; use RawJson to write one on purpose");
    }
    if (d == Math.rint(d) && Math.abs(d) < 1e15) {
      sb.append((long) d);
    } else {
      sb.append(d);
    }
  }

  private static void appendString(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }
}
