package dk.telemonitoring.sim.patient;

/**
 * A patient's true physiological state at one instant, before any device rounds or misreads it.
 * Also carries the symptom drivers a questionnaire samples from.
 *
 * @param episodeIntensity 0..1 intensity of the active episode (0 when stable), drives symptom
 *     answers
 */
public record VitalSigns(
    double spo2,
    double pulse,
    double fev1,
    double fvc,
    double pef,
    double weight,
    double temperature,
    double systolic,
    double diastolic,
    double cat,
    double episodeIntensity,
    double symptomProbability) {}
