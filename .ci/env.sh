# shellcheck shell=bash
# Environment for the hub's tests. Source it (bash):  source .ci/env.sh
# Services must be up first:  sudo .ci/services-up
__tm_ci_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export HUB_TEST_PG_URL=postgresql://tm:tm@127.0.0.1:5432/tm         # PostgreSQL 15 + timescaledb
export HUB_TEST_PG_PLAIN_URL=postgresql://tm:tm@127.0.0.1:5433/tm   # PostgreSQL 15, no timescaledb
export HUB_TEST_MQTT_URL=tcp://127.0.0.1:1883                       # Mosquitto 2
export HUB_TEST_BROKER_CTL="$__tm_ci_dir/broker-ctl"  # {start|stop|restart|kill|reset|status}
export HUB_TEST_PG_CTL="$__tm_ci_dir/pg-ctl"          # {start|stop|restart|kill|status} [5432|5433]
export HUB_TEST_CHROMIUM=/usr/bin/chromium
export HUB_TEST_CHROMEDRIVER=/usr/bin/chromedriver
unset __tm_ci_dir
