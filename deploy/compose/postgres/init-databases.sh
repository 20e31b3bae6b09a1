#!/bin/sh
# Runs once, when the PostgreSQL container initialises an empty data directory
# (/docker-entrypoint-initdb.d): one login role and one database per service, each service the
# owner of its own database and nobody else allowed in. Each service's `migrate` step then creates
# its schema. Passwords come from the environment (see deploy/compose/env.example).
# The entrypoint executes this file, or sources it when it is not executable: no `set -u`,
# which would leak into the entrypoint; a missing password stops the initialisation below.
set -e
: "${WMO_DB_PASSWORD_TOEGANG:?}" "${WMO_DB_PASSWORD_INDICATIE:?}"
: "${WMO_DB_PASSWORD_OPVANG:?}" "${WMO_DB_PASSWORD_MONITOR:?}" "${WMO_DB_PASSWORD_NOTIFICATIES:?}"

create_service_database() {
  role=$1
  database=$2
  password=$3
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
    -v role="$role" -v database="$database" -v password="$password" <<'SQL'
CREATE ROLE :"role" LOGIN PASSWORD :'password';
CREATE DATABASE :"database" OWNER :"role";
REVOKE ALL ON DATABASE :"database" FROM PUBLIC;
GRANT ALL ON DATABASE :"database" TO :"role";
SQL
}

create_service_database toegang wmo_toegang "$WMO_DB_PASSWORD_TOEGANG"
create_service_database indicatie wmo_indicatie "$WMO_DB_PASSWORD_INDICATIE"
create_service_database opvang wmo_opvang "$WMO_DB_PASSWORD_OPVANG"
create_service_database monitor wmo_monitor "$WMO_DB_PASSWORD_MONITOR"
create_service_database notificaties wmo_notificaties "$WMO_DB_PASSWORD_NOTIFICATIES"
