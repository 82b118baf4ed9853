package dk.telemonitoring.hub.triage.worker;

import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Rows turned into columns, for one statement over arrays ({@code unnest}) instead of one per row.
 */
final class Columns {

  private Columns() {}

  /** The values at {@code index} of every row, as an array of the column's type. */
  static <T> T[] of(List<Tuple> rows, int index, IntFunction<T[]> array) {
    T[] out = array.apply(rows.size());
    for (int i = 0; i < out.length; i++) {
      @SuppressWarnings("unchecked")
      T v = (T) rows.get(i).getValue(index);
      out[i] = v;
    }
    return out;
  }
}
