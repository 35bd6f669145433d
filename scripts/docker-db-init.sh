#!/bin/sh
# PostgreSQL's first start in docker compose: the role the application connects as. It owns
# nothing and is no superuser, so row-level security binds it; `skm db grant skm_app` (the migrate
# service) gives it the data privileges after each migration.
set -e
psql -v ON_ERROR_STOP=1 -v pw="${SKM_APP_DB_PASSWORD:-skm_app}" --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<'SQL'
CREATE ROLE skm_app LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE PASSWORD :'pw';
SQL
