package dk.telemonitoring.sim.run;

/** Sends bytes to a topic at QoS 1. The only thing the simulator needs from MQTT. */
public interface MessagePublisher extends AutoCloseable {

  /** Queues a publish; may block while too many are unacknowledged. */
  void publish(String topic, byte[] payload) throws Exception;

  /** Waits until every publish so far is acknowledged by the broker (or the timeout passes). */
  void flush(long timeoutMillis) throws Exception;

  /** Publishes that failed (not acknowledged) so far. */
  long failures();

  @Override
  void close() throws Exception;
}
