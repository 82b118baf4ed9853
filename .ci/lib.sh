# shellcheck shell=bash disable=SC2034
# Shared settings and helpers for the .ci/ scripts. Sourced, never executed.
# Everything here is for test services on this machine only (loopback).

TM_CI_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
TM_REPO_DIR="$(dirname "$TM_CI_DIR")"

# Work dir for broker state and logs. The path is also written literally in
# .ci/mosquitto.conf (mosquitto has no variables in its config): keep in sync.
TM_WORK_DIR=/var/lib/tm-ci
# Where the TimescaleDB source package is fetched and built.
TM_BUILD_DIR=/var/cache/tm-ci

TM_PG_VERSION=15
TM_PG_BIN=/usr/lib/postgresql/${TM_PG_VERSION}/bin
TM_PG_CONFIG=${TM_PG_BIN}/pg_config
TM_PG_MAIN_PORT=5432     # cluster "main": timescaledb preloaded
TM_PG_PLAIN_PORT=5433    # cluster "plain": no timescaledb
TM_PG_USER=tm
TM_PG_PASSWORD=tm
TM_PG_DB=tm

TM_MQTT_PORT=1883
TM_MOSQ_CONF=${TM_CI_DIR}/mosquitto.conf
TM_MOSQ_DIR=${TM_WORK_DIR}/mosquitto
TM_MOSQ_PID=${TM_MOSQ_DIR}/mosquitto.pid
TM_MOSQ_LOG=${TM_MOSQ_DIR}/mosquitto.log

tm_log() { printf '==> [tm-ci %s] %s\n' "$(date +%H:%M:%S)" "$*"; }
tm_warn() { printf '==> [tm-ci %s] WARNING: %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
tm_die() { printf '==> [tm-ci %s] ERROR: %s\n' "$(date +%H:%M:%S)" "$*" >&2; exit 1; }

tm_require_root() {
    [ "$(id -u)" -eq 0 ] || tm_die "$(basename "$0") must run as root (try: sudo $0 $*)"
}

# Map a port (5432|5433) to the Debian cluster name.
tm_pg_cluster_for_port() {
    case "$1" in
        "$TM_PG_MAIN_PORT") echo main ;;
        "$TM_PG_PLAIN_PORT") echo plain ;;
        *) tm_die "unknown PostgreSQL port '$1' (expected $TM_PG_MAIN_PORT or $TM_PG_PLAIN_PORT)" ;;
    esac
}

# Wait until PostgreSQL on 127.0.0.1:$1 accepts connections (timeout $2 s).
tm_pg_wait_ready() {
    local port=$1 timeout=${2:-60} i
    for ((i = 0; i < timeout; i++)); do
        if "${TM_PG_BIN}/pg_isready" -q -h 127.0.0.1 -p "$port" -t 1; then
            return 0
        fi
        sleep 1
    done
    return 1
}

# Wait until the MQTT broker on 127.0.0.1:1883 accepts a QoS 1 publish.
tm_mqtt_wait_ready() {
    local timeout=${1:-30} i
    for ((i = 0; i < timeout; i++)); do
        if timeout 5 mosquitto_pub -h 127.0.0.1 -p "$TM_MQTT_PORT" -q 1 \
            -i "tm-ci-ping-$$" -t tm-ci/ping -m ping >/dev/null 2>&1; then
            return 0
        fi
        sleep 1
    done
    return 1
}

# Is something listening on 127.0.0.1:$1?
tm_port_open() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}
