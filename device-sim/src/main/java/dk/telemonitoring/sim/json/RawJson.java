package dk.telemonitoring.sim.json;

/**
 * A token written verbatim, used only to produce deliberately invalid payloads (NaN, truncated
 * text).
 */
public record RawJson(String text) {}
