package dk.telemonitoring.hub.ingest;

import java.util.ArrayDeque;

/**
 * The hub's QoS 1 publishes to devices (receipts, replies, pushes) on the hub's publishing
 * connection: at most {@link #LIMIT} await the broker's PUBACK at once (the MQTT client refuses
 * more, with an error logged per publish), the rest wait in a bounded queue, beyond which a publish
 * is refused. Used on the {@link DevicePublisher}'s context only.
 */
final class PublishWindow {

  /**
   * Below the client's own limit of 10,000 unacknowledged publishes
   * (MqttClientOptions.maxInflightQueue).
   */
  static final int LIMIT = 8_000;

  static final int QUEUE_MAX = 100_000;

  private int unacknowledged;
  private final ArrayDeque<Runnable> queue = new ArrayDeque<>();

  /** Runs {@code send} now if there is room and nothing waits, else queues it; false when full. */
  boolean offer(Runnable send) {
    drain();
    if (unacknowledged < LIMIT && queue.isEmpty()) {
      send.run();
    } else if (queue.size() < QUEUE_MAX) {
      queue.addLast(send);
    } else {
      return false;
    }
    return true;
  }

  /** A publish was written and awaits its PUBACK. */
  void sent() {
    unacknowledged++;
  }

  /** A publish was acknowledged (or failed): room for the next waiting ones. */
  void acknowledged() {
    if (unacknowledged > 0) unacknowledged--;
    drain();
  }

  /** A new connection: nothing of the old one will be acknowledged. */
  void reset() {
    unacknowledged = 0;
  }

  /** Sends what waits, as far as the window allows (after a connection or an acknowledgement). */
  void drain() {
    while (unacknowledged < LIMIT && !queue.isEmpty()) {
      queue.pollFirst().run();
    }
  }

  int unacknowledged() {
    return unacknowledged;
  }

  int queued() {
    return queue.size();
  }
}
