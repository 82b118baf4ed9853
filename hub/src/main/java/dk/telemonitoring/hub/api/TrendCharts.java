package dk.telemonitoring.hub.api;

import dk.telemonitoring.hub.reading.MeasurementType;
import dk.telemonitoring.hub.store.AlertPageStore;
import dk.telemonitoring.hub.store.ReadingQueries;
import dk.telemonitoring.hub.triage.Baseline;
import dk.telemonitoring.hub.triage.Condition;
import dk.telemonitoring.hub.triage.CriticalFloors;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The trend charts of one patient, as the alert page and the staff patient page draw them: per
 * measurement the readings of the window (every one while they fit, else each bucket's lowest and
 * highest), the patient's limits with the CRITICAL floor filling a critical limit the patient has
 * not got, and the personal baseline band triage last judged against.
 */
final class TrendCharts {

  /** The personal usual range drawn around the baseline median, in robust SDs. */
  static final double BAND_SDS = 2.0;

  /** What each condition measures, in the order the patient page shows it. */
  static final Map<Condition, List<String>> BY_CONDITION =
      Map.of(
          Condition.COPD, List.of("spo2", "pulse", "fev1", "temperature"),
          Condition.AATD, List.of("spo2", "pulse", "fev1", "temperature"),
          Condition.FIBROSIS, List.of("spo2", "pulse", "fev1", "temperature"),
          Condition.HEART_FAILURE,
              List.of("weight", "bp_systolic", "bp_diastolic", "pulse", "spo2"));

  /** Charted too when the patient measured them in the window, after the condition's own. */
  static final List<String> OTHERS =
      List.of(
          "spo2",
          "pulse",
          "bp_systolic",
          "bp_diastolic",
          "weight",
          "fev1",
          "pef",
          "temperature",
          "resp_rate",
          "cat");

  private final AlertPageStore store;
  private final ReadingQueries readings;

  TrendCharts(Pool pool) {
    this.store = new AlertPageStore(pool);
    this.readings = new ReadingQueries(pool);
  }

  /**
   * The charts of the patient's condition (each, even without readings) and of any other
   * measurement with readings in the window.
   *
   * @param clinical false for a relative: readings only, no limits and no baseline (the clinic's)
   */
  Future<JsonArray> forCondition(
      UUID patientId, String condition, Instant from, Instant to, boolean clinical) {
    List<String> own;
    try {
      own = BY_CONDITION.getOrDefault(Condition.parse(condition), List.of());
    } catch (RuntimeException e) {
      own = List.of();
    }
    Set<String> codes = new LinkedHashSet<>(own);
    codes.addAll(OTHERS);
    List<String> always = own;
    return build(patientId, List.copyOf(codes), from, to, clinical)
        .map(
            all -> {
              JsonArray out = new JsonArray();
              for (Object o : all) {
                JsonObject c = (JsonObject) o;
                if (always.contains(c.getString("code")) || !c.getJsonArray("points").isEmpty()) {
                  out.add(c);
                }
              }
              return out;
            });
  }

  /** One chart per code, in the order given. */
  Future<JsonArray> build(
      UUID patientId, List<String> codes, Instant from, Instant to, boolean clinical) {
    Future<Map<String, JsonObject>> series = readings.chartPoints(patientId, codes, from, to);
    Future<Map<String, JsonObject>> limits =
        clinical ? store.limits(patientId, codes) : Future.succeededFuture(Map.of());
    Future<Map<String, AlertPageStore.StoredBaseline>> baselines =
        clinical ? store.baselines(patientId, codes) : Future.succeededFuture(Map.of());
    return Future.all(series, limits, baselines)
        .map(
            x -> {
              JsonArray out = new JsonArray();
              for (String code : codes) {
                JsonObject s = series.result().get(code);
                JsonObject chart =
                    new JsonObject()
                        .put("code", code)
                        .put("unit", s == null ? null : s.getString("unit"))
                        .put("points", s == null ? new JsonArray() : s.getJsonArray("points"))
                        .put("readings", s == null ? 0L : s.getLong("readings"))
                        .put("downsampled", s != null && s.getBoolean("downsampled"))
                        .put("bucketSeconds", s == null ? null : s.getLong("bucketSeconds"));
                if (clinical) {
                  chart.put("limits", withFloor(code, limits.result().get(code)));
                  AlertPageStore.StoredBaseline b = baselines.result().get(code);
                  if (b != null) {
                    chart.put("baseline", band(code, b));
                  }
                }
                out.add(chart);
              }
              return out;
            });
  }

  /**
   * The patient's limits, the CRITICAL floor standing in for a critical limit the patient has not
   * got (a patient's own is never looser than the floor); null when there is neither.
   */
  static JsonObject withFloor(String code, JsonObject limits) {
    JsonObject out = limits == null ? new JsonObject() : limits.copy();
    CriticalFloors.of(code)
        .ifPresent(
            f -> {
              if (out.getValue("criticalLow") == null && f.low() != null) {
                out.put("criticalLow", f.low());
              }
              if (out.getValue("criticalHigh") == null && f.high() != null) {
                out.put("criticalHigh", f.high());
              }
            });
    return out.isEmpty() ? null : out;
  }

  private static JsonObject band(String code, AlertPageStore.StoredBaseline b) {
    double floor = MeasurementType.byCode(code).map(Baseline::noiseFloor).orElse(0.0);
    double sigma =
        b.sigma() != null ? b.sigma() : Math.max(1.4826 * (b.mad() == null ? 0 : b.mad()), floor);
    return new JsonObject()
        .put("median", b.median())
        .put("low", b.median() - BAND_SDS * sigma)
        .put("high", b.median() + BAND_SDS * sigma);
  }
}
