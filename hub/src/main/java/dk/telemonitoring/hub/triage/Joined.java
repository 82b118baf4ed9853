package dk.telemonitoring.hub.triage;

import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/**
 * Two lists read as one, without copying either: a patient's remembered readings and a batch's, or
 * a message's history and the message.
 */
public final class Joined extends AbstractList<Observation> implements RandomAccess {

  private final List<Observation> first;
  private final List<Observation> second;

  public Joined(List<Observation> first, List<Observation> second) {
    this.first = first;
    this.second = second;
  }

  @Override
  public Observation get(int index) {
    int n = first.size();
    return index < n ? first.get(index) : second.get(index - n);
  }

  @Override
  public int size() {
    return first.size() + second.size();
  }
}
