package dk.telemonitoring.alerts.domain;

/**
 * One live finding as a page shows it: its level, its values with units and its explanation, in
 * both languages.
 */
public record PageFinding(
    Level level, String valuesDa, String valuesEn, String explanationDa, String explanationEn) {}
