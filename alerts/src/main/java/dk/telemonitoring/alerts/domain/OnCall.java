package dk.telemonitoring.alerts.domain;

import java.util.Optional;

/** Who is on call for a role now, and who takes over next. Empty when nobody is scheduled. */
public record OnCall(Optional<Shift> now, Optional<Shift> next) {}
