package dk.telemonitoring.sim.patient;

/**
 * Circadian rhythm as cosine offsets by local hour of day. Amplitudes are modest and physiological:
 * pulse lowest in the early morning, SpO2 a little lower at night, lung function lowest in the
 * morning (morning dip), body temperature highest in the late afternoon, weight highest in the
 * evening.
 */
final class Diurnal {
  private Diurnal() {}

  static double pulse(double hour) {
    return 5 * cos(hour, 15);
  }

  static double spo2(double hour) {
    return 0.5 * cos(hour, 15);
  }

  static double lungFunctionFactor(double hour) {
    return 1 + 0.04 * cos(hour, 16);
  }

  static double temperature(double hour) {
    return 0.3 * cos(hour, 17);
  }

  static double weight(double hour) {
    return 0.4 * cos(hour, 19);
  }

  static double systolic(double hour) {
    return 6 * cos(hour, 14);
  }

  private static double cos(double hour, double peakHour) {
    return Math.cos(2 * Math.PI * (hour - peakHour) / 24);
  }
}
