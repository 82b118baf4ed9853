package dk.telemonitoring.alerts.store;

import static dk.telemonitoring.alerts.store.Sql.ts;

import dk.telemonitoring.alerts.domain.CareOutcome;
import dk.telemonitoring.alerts.domain.ClinicFigures;
import dk.telemonitoring.alerts.domain.Level;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Clinic figures as plain records, computed in SQL over alerts opened in a period. An alert is the
 * patient's case, so outcomes, response times and acute contacts count what the clinic did per
 * case, never per rule's finding. Alerts the one-alert-per-patient migration merged into another
 * ({@code merged_into}) were closed by the system, not the clinic: they are left out of every
 * figure and counted on their own.
 */
public final class FiguresStore {

  public Future<ClinicFigures> figures(
      SqlClient client, String clinicId, Instant from, Instant to, int monitoredPatients) {
    Tuple period = Tuple.of(clinicId, ts(from), ts(to));
    String inPeriod = " FROM alerts WHERE clinic_id = $1 AND opened_at >= $2 AND opened_at < $3";
    String where = inPeriod + " AND merged_into IS NULL";
    // Acknowledged: from the level the alert has (FirstResponseSql); resolved: from its opening.
    Future<List<ClinicFigures.ResponseTimes>> times =
        client
            .preparedQuery(
                "SELECT a.level, count(*) AS n,"
                    + " percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM fr.responded_at - lv.level_at)) AS ack_s,"
                    + " percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM a.resolved_at - a.opened_at)) AS res_s"
                    + " FROM alerts a"
                    + FirstResponseSql.JOINS
                    + " WHERE a.clinic_id = $1 AND a.opened_at >= $2 AND a.opened_at < $3 AND a.merged_into IS NULL"
                    + " GROUP BY a.level, a.level_rank ORDER BY a.level_rank DESC")
            .execute(period)
            .map(
                rows -> {
                  List<ClinicFigures.ResponseTimes> out = new ArrayList<>();
                  for (Row r : rows) {
                    out.add(
                        new ClinicFigures.ResponseTimes(
                            Level.valueOf(r.getString("level")),
                            r.getLong("n"),
                            seconds(r.getDouble("ack_s")),
                            seconds(r.getDouble("res_s"))));
                  }
                  return out;
                });
    double weeks = Math.max(Duration.between(from, to).toSeconds() / (7 * 86400.0), 1e-9);
    Future<Map<String, Double>> perRule =
        client
            .preparedQuery(
                "SELECT rule_id, count(*) AS n" + where + " GROUP BY rule_id ORDER BY rule_id")
            .execute(period)
            .map(
                rows -> {
                  Map<String, Double> out = new LinkedHashMap<>();
                  rows.forEach(
                      r ->
                          out.put(
                              r.getString("rule_id"),
                              r.getLong("n") / (Math.max(monitoredPatients, 1) * weeks)));
                  return out;
                });
    Future<Row> totals =
        client
            .preparedQuery(
                "SELECT"
                    + " count(*) FILTER (WHERE escalated_at IS NOT NULL) AS escalated,"
                    + " count(*) FILTER (WHERE outcome IS NOT NULL) AS resolved_by_person,"
                    + " count(*) FILTER (WHERE outcome = 'NO_ACTION_NEEDED') AS no_action,"
                    + " count(*) FILTER (WHERE outcome IN ('ACUTE_HOME_VISIT', 'MUNICIPAL_ACUTE_BED', 'HOSPITAL_ADMISSION')) AS acute,"
                    + " coalesce(sum(CASE WHEN outcome IN ('MUNICIPAL_ACUTE_BED', 'HOSPITAL_ADMISSION') THEN"
                    + " greatest(coalesce(discharged_on, ($3 AT TIME ZONE 'Europe/Copenhagen')::date)"
                    + " - (resolved_at AT TIME ZONE 'Europe/Copenhagen')::date, 0) END), 0) AS bed_days"
                    + where)
            .execute(period)
            .map(rows -> rows.iterator().next());
    Future<Long> merged =
        client
            .preparedQuery("SELECT count(*)" + inPeriod + " AND merged_into IS NOT NULL")
            .execute(period)
            .map(rows -> rows.iterator().next().getLong(0));
    Future<Map<CareOutcome, Long>> outcomes =
        client
            .preparedQuery(
                "SELECT outcome, count(*) AS n"
                    + where
                    + " AND outcome IS NOT NULL GROUP BY outcome")
            .execute(period)
            .map(
                rows -> {
                  Map<CareOutcome, Long> out = new EnumMap<>(CareOutcome.class);
                  rows.forEach(
                      r -> out.put(CareOutcome.valueOf(r.getString("outcome")), r.getLong("n")));
                  return out;
                });
    return Future.all(List.of(times, perRule, totals, outcomes, merged))
        .map(
            x -> {
              Row t = totals.result();
              long byPerson = t.getLong("resolved_by_person");
              return new ClinicFigures(
                  clinicId,
                  from,
                  to,
                  times.result(),
                  perRule.result(),
                  byPerson == 0 ? Double.NaN : t.getLong("no_action") / (double) byPerson,
                  t.getLong("escalated"),
                  outcomes.result(),
                  t.getLong("acute"),
                  t.getLong("bed_days"),
                  merged.result());
            });
  }

  private static Duration seconds(Double s) {
    return s == null ? null : Duration.ofMillis(Math.round(s * 1000));
  }
}
