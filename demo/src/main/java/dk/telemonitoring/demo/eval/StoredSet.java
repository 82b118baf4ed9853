package dk.telemonitoring.demo.eval;

import dk.telemonitoring.hub.triage.Observation;
import java.time.Instant;
import java.util.List;

/** A measurement set as the hub stored it. */
record StoredSet(
    String deviceId,
    String msgId,
    String kind,
    Instant measuredAt,
    Instant receivedAt,
    List<Observation> observations) {}
