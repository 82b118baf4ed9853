package dk.telemonitoring.sim.patient;

/**
 * A patient's personal stable level of each parameter, the level their readings scatter around when
 * nothing is going on. Lung volumes in litres, PEF in L/min, weight in kg, temperature in Celsius,
 * CAT score 0-40.
 */
public record Baseline(
    double spo2,
    double pulse,
    double fev1,
    double fvc,
    double pef,
    double weight,
    double temperature,
    double systolic,
    double diastolic,
    double cat) {}
