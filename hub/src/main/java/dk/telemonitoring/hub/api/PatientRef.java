package dk.telemonitoring.hub.api;

import java.util.UUID;

/** A patient the current person may see, and the clinic the patient belongs to. */
public record PatientRef(UUID id, String clinicId) {}
