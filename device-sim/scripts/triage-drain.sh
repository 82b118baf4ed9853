#!/bin/bash
# Triage's own rate, memory off against on (issue 15): an ingest-only hub stores a backlog with
# `device-sim bench`, each patient is given HISTORY_DAYS of earlier spot checks, and the same backlog
# (a copy of the database per run) is drained by a hub with HUB_TRIAGE_MEMORY_READINGS=0 and with the
# default, ROUNDS times. Prints messages triaged and the time from first to last result.
# Needs: the broker and PostgreSQL of .ci/services-up, `mvn -DskipTests package` done, psql.
# Usage: device-sim/scripts/triage-drain.sh [output dir]   (PATIENTS=500 RATE=1500 FILL_SECONDS=40
#        HISTORY_DAYS=90 ROUNDS=2; SKIP_FILL=1 reuses the last backlog; MEMORIES="0 1000000" the
#        memory settings drained; JARS="a.jar b.jar" drains with each hub jar in turn, for A/B of builds;
#        FILL_JAR=a.jar stores the backlog with that build, the oldest schema of an A/B, as each jar
#        migrates its own copy forward). Each drain also prints the WAL it wrote (the cluster's, from the
#        hub's start to the empty outbox: nothing else should run).
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=${1:-target/triage-drain}
mkdir -p "$OUT"
export PGPASSWORD=${PGPASSWORD:-tm}
PG="-h 127.0.0.1 -U tm"
PSQL="psql $PG -d tm -qtA"
HUB=${FILL_JAR:-hub/target/telemonitoring-hub.jar}
JARS=${JARS:-$HUB}
SIM=device-sim/target/device-sim.jar
hub_env() { # db port client-id memory
  echo HUB_DB_URL=postgresql://tm:tm@127.0.0.1:5432/$1 HUB_API_SERVICE_TOKEN=bench HUB_HTTP_PORT=$2 \
    HUB_MQTT_CLIENT_ID=$3 HUB_MQTT_TOPIC_ROOT=tmdrain-$3/v1 HUB_MQTT_SHARE_GROUP=g$3 \
    HUB_TRIAGE_MEMORY_READINGS=$4 HUB_ALERTS_ACK_SECRET=bench-secret-0123456789abcdef
}
await_ready() { for _ in $(seq 1 90); do curl -sf "http://127.0.0.1:$1/health/ready" >/dev/null && return; sleep 1; done; }

if [ -z "${SKIP_FILL:-}" ]; then
  $PSQL -c "DROP DATABASE IF EXISTS drainsrc" -c "CREATE DATABASE drainsrc"
  env $(hub_env drainsrc 18091 fill 0) HUB_TRIAGE_ENABLED=false HUB_CRITICAL_LANE_ENABLED=false \
    HUB_MQTT_TOPIC_ROOT=tmdrain/v1 java -jar $HUB run > "$OUT/hub-fill.log" 2>&1 &
  pid=$!
  await_ready 18091
  java -jar $SIM bench --hub-url http://127.0.0.1:18091 --hub-token bench \
    --pg-url postgresql://tm:tm@127.0.0.1:5432/drainsrc --topic-root tmdrain/v1 \
    -k "${PATIENTS:-500}" -r "${RATE:-1500}" -t "${FILL_SECONDS:-40}" --skip-limits \
    --json-out "$OUT/fill.json" --md-out "$OUT/fill.md" > "$OUT/fill.out" 2>&1
  kill $pid; wait $pid || true
  # Each patient's earlier spot checks, three a day (SpO2 and pulse), stored as history (no outbox rows).
  psql $PG -d drainsrc -qtA -c "INSERT INTO readings (measured_at, device_id, msg_id, code, patient_id, clinic_id,
      value, unit, received_at)
    SELECT t, b.device_id, 'hist-' || n || '-' || k, c.code, b.patient_id, p.clinic_id, c.v, c.unit, t
    FROM device_bindings b JOIN patients p ON p.id = b.patient_id,
         generate_series(1, ${HISTORY_DAYS:-90}) n, generate_series(0, 2) k,
         LATERAL (SELECT now() - interval '1 hour' - n * interval '1 day' + k * interval '4 hours' AS t) tt,
         (VALUES ('spo2', 95.0, '%'), ('pulse', 72.0, '/min')) AS c(code, v, unit)
    WHERE b.unbound_at IS NULL ON CONFLICT DO NOTHING"
fi
echo "backlog (messages, patients): $(psql $PG -d drainsrc -qtA -c "SELECT count(*) || ', ' || count(DISTINCT patient_id) FROM triage_outbox")" | tee "$OUT/result.txt"

for round in $(seq 1 "${ROUNDS:-2}"); do
  for jar in $JARS; do
  for memory in ${MEMORIES:-0 1000000}; do
    db=drain_$memory
    $PSQL -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db TEMPLATE drainsrc"
    wal_before=$($PSQL -c "SELECT pg_current_wal_lsn()")
    env $(hub_env $db 18092 drain$memory $memory) java -jar "$jar" run > "$OUT/hub-$db.log" 2>&1 &
    pid=$!
    until [ "$(psql $PG -d $db -qtA -c 'SELECT count(*) FROM triage_outbox' 2>/dev/null)" = "0" ]; do sleep 1; done
    figures=$(psql $PG -d $db -qtA -c "SELECT count(DISTINCT (device_id, msg_id)) || ' messages in '
      || round(extract(epoch FROM max(created_at) - min(created_at))::numeric, 1) || ' s, '
      || round(pg_wal_lsn_diff(pg_current_wal_lsn(), '$wal_before') / 1e6) || ' MB of WAL' FROM triage_results")
    echo "round $round, $(basename "$jar"), memory $memory: $figures" | tee -a "$OUT/result.txt"
    curl -s http://127.0.0.1:18092/metrics | grep -E '^hub_triage_memory_lookups' >> "$OUT/result.txt" || true
    kill $pid; wait $pid || true
  done
  done
done
