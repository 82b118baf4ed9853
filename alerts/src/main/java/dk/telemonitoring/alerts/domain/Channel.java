package dk.telemonitoring.alerts.domain;

/**
 * How a notification travels. A step's channel is used for a person only if the person has an
 * address for it.
 */
public enum Channel {
  /** An event the hub pushes to the clinic's browsers. */
  IN_APP,
  EMAIL,
  /** A signed HTTP POST to the person's (or paging service's) webhook URL. */
  WEBHOOK,
  /** MQTT message to the doctor's app topic, published by the hub's MQTT client. */
  PUSH
}
