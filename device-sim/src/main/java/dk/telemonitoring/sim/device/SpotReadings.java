package dk.telemonitoring.sim.device;

import dk.telemonitoring.sim.patient.Condition;
import dk.telemonitoring.sim.patient.PatientProfile;
import dk.telemonitoring.sim.patient.VitalSigns;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * What a spot-measuring device reports from the patient's vital signs at that moment: each with its
 * own measurement noise, and the questionnaire's answers from the symptoms. The payload is built
 * when the message is sent, so it draws from the patient's random stream after the send time, as it
 * always did.
 */
final class SpotReadings {
  private static final String[] SPUTUM = {"clear", "white", "yellow", "green", "brown", "red"};

  /** Builds a message's payload once its id, times and device context are known. */
  @FunctionalInterface
  interface PayloadBuilder {
    Map<String, Object> build(
        String msgId, Instant measuredAt, Instant sentAt, Map<String, Object> context);
  }

  private final PatientProfile profile;
  private final RandomGenerator rng;

  SpotReadings(PatientProfile profile, RandomGenerator rng) {
    this.profile = profile;
    this.rng = rng;
  }

  /** The message kind a device's spot reading is sent as; null for one that takes none. */
  static String messageKind(DeviceKind kind) {
    return switch (kind) {
      case OXIMETER, SCALE, THERMOMETER, BP_CUFF -> "measurement";
      case SPIROMETER -> "spirometry";
      case TABLET -> "questionnaire";
      default -> null;
    };
  }

  /** The device's reading of {@code v}. */
  PayloadBuilder payload(DeviceKind kind, VitalSigns v) {
    return switch (kind) {
      case OXIMETER ->
          (id, at, sent, ctx) -> {
            ctx.put("oxygen", profile.onOxygen());
            ctx.put("rest", true);
            return Payloads.measurement(
                id,
                at,
                sent,
                List.of(
                    new Payloads.Value("spo2", spo2(v.spo2() + 0.5 * rng.nextGaussian()), "%"),
                    new Payloads.Value(
                        "pulse", Math.round(v.pulse() + 2 * rng.nextGaussian()), "/min")),
                ctx);
          };
      case SCALE ->
          (id, at, sent, ctx) ->
              Payloads.measurement(
                  id,
                  at,
                  sent,
                  List.of(
                      new Payloads.Value(
                          "weight", round1(v.weight() + 0.05 * rng.nextGaussian()), "kg")),
                  ctx);
      case THERMOMETER ->
          (id, at, sent, ctx) ->
              Payloads.measurement(
                  id,
                  at,
                  sent,
                  List.of(
                      new Payloads.Value(
                          "temperature",
                          round1(v.temperature() + 0.1 * rng.nextGaussian()),
                          "Cel")),
                  ctx);
      case BP_CUFF ->
          (id, at, sent, ctx) -> {
            long sys = Math.round(v.systolic() + 3 * rng.nextGaussian());
            long dia = Math.min(sys - 15, Math.round(v.diastolic() + 2 * rng.nextGaussian()));
            return Payloads.measurement(
                id,
                at,
                sent,
                List.of(
                    new Payloads.Value("bp_systolic", sys, "mm[Hg]"),
                    new Payloads.Value("bp_diastolic", dia, "mm[Hg]"),
                    new Payloads.Value(
                        "pulse", Math.round(v.pulse() + 2 * rng.nextGaussian()), "/min")),
                ctx);
          };
      case SPIROMETER ->
          (id, at, sent, ctx) ->
              Payloads.spirometry(
                  id,
                  at,
                  sent,
                  SpirometryBlows.session(v, profile.spirometryTechnique(), rng),
                  ctx);
      case TABLET -> (id, at, sent, ctx) -> Payloads.questionnaire(id, at, sent, answers(v), null);
      default -> throw new IllegalArgumentException(kind + " takes no spot readings");
    };
  }

  private Map<String, Object> answers(VitalSigns v) {
    Map<String, Object> a = new LinkedHashMap<>();
    boolean respiratory = profile.condition() != Condition.HEART_FAILURE;
    if (respiratory) {
      a.put("cat", (int) Math.round(Math.max(0, Math.min(40, v.cat() + rng.nextGaussian()))));
    }
    a.put("breathless_more", rng.nextDouble() < v.symptomProbability());
    a.put("sputum_more", respiratory && rng.nextDouble() < v.symptomProbability());
    if (respiratory) {
      int colour = v.episodeIntensity() > 0.3 ? 2 + rng.nextInt(2) : rng.nextInt(2);
      a.put("sputum_colour", SPUTUM[colour]);
    }
    a.put("fever", v.temperature() >= 38.0);
    return a;
  }

  static long spo2(double value) {
    return Math.max(50, Math.min(100, Math.round(value)));
  }

  static double round1(double value) {
    return Math.round(value * 10) / 10.0;
  }
}
