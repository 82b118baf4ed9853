#!/usr/bin/env bash
# First start of the database container only (docker-entrypoint-initdb.d): a read-only role for Grafana. It can read
# what the hub's role creates later (default privileges), never write.
set -euo pipefail
: "${GRAFANA_DB_PASSWORD:?GRAFANA_DB_PASSWORD is required}"
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v pw="$GRAFANA_DB_PASSWORD" <<'SQL'
CREATE ROLE grafana_reader LOGIN PASSWORD :'pw';
GRANT CONNECT ON DATABASE tm TO grafana_reader;
GRANT USAGE ON SCHEMA public TO grafana_reader;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO grafana_reader;
ALTER DEFAULT PRIVILEGES FOR ROLE tm IN SCHEMA public GRANT SELECT ON TABLES TO grafana_reader;
SQL
