package dk.telemonitoring.hub.ingest;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Acknowledges messages in the order they arrived, each only once it is durably handled. MQTT 3.1.1
 * (4.6) asks a receiver to send PUBACKs in receive order; batches may commit out of order, so a
 * committed message waits for the ones before it. One queue per broker connection: acknowledgements
 * never cross to a new connection, where the broker redelivers instead.
 */
final class AckQueue {

  static final class Slot {
    private final Runnable ack;
    private boolean done;

    private Slot(Runnable ack) {
      this.ack = ack;
    }
  }

  private final Deque<Slot> slots = new ArrayDeque<>();
  private boolean closed;

  Slot enqueue(Runnable ack) {
    Slot slot = new Slot(ack);
    slots.addLast(slot);
    return slot;
  }

  void complete(Slot slot) {
    slot.done = true;
    while (!closed && !slots.isEmpty() && slots.peekFirst().done) {
      slots.pollFirst().ack.run();
    }
  }

  /** The connection is gone: drop everything; the broker redelivers what was not acknowledged. */
  void close() {
    closed = true;
    slots.clear();
  }

  int inFlight() {
    return slots.size();
  }
}
