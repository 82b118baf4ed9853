package dk.telemonitoring.sim.patient;

import java.util.UUID;

/**
 * Who a simulated patient is: condition, personal baseline and a few traits that shape their
 * devices' data.
 *
 * @param key readable simulator id (e.g. {@code sim-0007}); never a name or CPR number
 * @param id stable UUID, usable as the hub's patient id
 * @param spirometryTechnique 0..1, how reliably the patient produces maximal blows
 * @param onOxygen on supplemental oxygen (sent as {@code context.oxygen})
 * @param seed root of this patient's random streams
 */
public record PatientProfile(
    String key,
    UUID id,
    Condition condition,
    Baseline baseline,
    double spirometryTechnique,
    boolean onOxygen,
    long seed) {}
