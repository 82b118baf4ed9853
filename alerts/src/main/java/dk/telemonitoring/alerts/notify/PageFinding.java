package dk.telemonitoring.alerts.notify;

import dk.telemonitoring.alerts.domain.Level;

/** One live finding as a page shows it: its level, its values with units and its explanation, in both languages. */
public record PageFinding(Level level, String valuesDa, String valuesEn, String explanationDa, String explanationEn) {}
