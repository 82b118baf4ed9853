package dk.telemonitoring.sim.device;

/** A device bound to one simulated patient. The id is a serial: it never identifies the person. */
public record Device(String id, DeviceKind kind, String patientKey) {}
