package dk.telemonitoring.hub.triage;

import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/** A list read without a few of its elements, in place: a message's history without the message. */
final class SkippingView extends AbstractList<Observation> implements RandomAccess {

  private final List<Observation> list;
  private final int[] skipped;

  private SkippingView(List<Observation> list, int[] skipped) {
    this.list = list;
    this.skipped = skipped;
  }

  /**
   * @param skipped ascending indexes of {@code list}, each once
   */
  static List<Observation> without(List<Observation> list, int[] skipped) {
    return skipped.length == 0 ? list : new SkippingView(list, skipped);
  }

  @Override
  public Observation get(int index) {
    // Out of range stays out of range in the list below, which throws.
    int at = index;
    for (int s : skipped) {
      if (s <= at) at++;
      else break;
    }
    return list.get(at);
  }

  @Override
  public int size() {
    return list.size() - skipped.length;
  }
}
