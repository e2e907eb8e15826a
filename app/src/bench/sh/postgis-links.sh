#!/usr/bin/env bash
# PostGIS baseline of the interlinking benchmark (InterlinkEndToEndBenchmark): a throw-away PostgreSQL
# cluster under /tmp, listening on 127.0.0.1 only, that counts the links of the nine DE-9IM relations
# between two TSV files (WKT in the first column, an id in the second), through a GiST index join.
#   postgis-links.sh start | count SOURCE.tsv TARGET.tsv | stop
# Needs PostgreSQL with PostGIS (Debian: apt-get install postgresql postgis); run as root, the server
# runs as the postgres user. Prints, for count: seconds and one line "relation=count" per relation.
set -euo pipefail
PGBIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
DIR=/tmp/floe-bench-postgis
PORT=54329
as_pg() { runuser -u postgres -- "$@"; }
psql_() { as_pg "$PGBIN/psql" -h 127.0.0.1 -p "$PORT" -d postgres -v ON_ERROR_STOP=1 -qAt "$@"; }

case "${1:-}" in
  start)
    [ -x "$PGBIN/initdb" ] || { echo "no PostgreSQL found under /usr/lib/postgresql" >&2; exit 2; }
    if [ -f "$DIR/data/postmaster.pid" ]; then as_pg "$PGBIN/pg_ctl" -D "$DIR/data" -m fast stop >/dev/null || true; fi
    rm -rf "$DIR" && mkdir -p "$DIR" && chown postgres "$DIR"
    as_pg "$PGBIN/initdb" -D "$DIR/data" -A trust -U postgres >/dev/null
    as_pg "$PGBIN/pg_ctl" -D "$DIR/data" -l "$DIR/log" -w -o "-c listen_addresses=127.0.0.1 -p $PORT -k $DIR -c shared_buffers=1GB -c work_mem=256MB -c max_parallel_workers_per_gather=2" start >/dev/null
    psql_ -c "CREATE EXTENSION postgis"
    ;;
  count)
    for f in "$2" "$3"; do cp "$f" "$DIR/" && chown postgres "$DIR/$(basename "$f")"; done
    psql_ <<SQL
SET client_min_messages = warning;
DROP TABLE IF EXISTS a, b, raw;
CREATE TABLE raw (wkt text, id text);
COPY raw FROM '$DIR/$(basename "$2")' WITH (FORMAT text);
CREATE TABLE a AS SELECT id, ST_GeomFromText(wkt) AS g FROM raw;
TRUNCATE raw;
COPY raw FROM '$DIR/$(basename "$3")' WITH (FORMAT text);
CREATE TABLE b AS SELECT id, ST_GeomFromText(wkt) AS g FROM raw;
CREATE INDEX ON b USING gist (g);
ANALYZE a; ANALYZE b;
SQL
    start=$(date +%s.%N)
    psql_ -F ' ' -c "SELECT
        count(*) FILTER (WHERE ST_Contains(a.g, b.g)), count(*) FILTER (WHERE ST_CoveredBy(a.g, b.g)),
        count(*) FILTER (WHERE ST_Covers(a.g, b.g)), count(*) FILTER (WHERE ST_Crosses(a.g, b.g)),
        count(*) FILTER (WHERE ST_Equals(a.g, b.g)), count(*),
        count(*) FILTER (WHERE ST_Overlaps(a.g, b.g)), count(*) FILTER (WHERE ST_Touches(a.g, b.g)),
        count(*) FILTER (WHERE ST_Within(a.g, b.g))
      FROM a JOIN b ON ST_Intersects(a.g, b.g)" | {
        read -r co cb cv cr eq it ov to wi
        echo "seconds=$(echo "$(date +%s.%N) - $start" | bc)"
        printf 'contains=%s\ncoveredBy=%s\ncovers=%s\ncrosses=%s\nequals=%s\nintersects=%s\noverlaps=%s\ntouches=%s\nwithin=%s\n' \
          "$co" "$cb" "$cv" "$cr" "$eq" "$it" "$ov" "$to" "$wi"
      }
    rm -f "$DIR/$(basename "$2")" "$DIR/$(basename "$3")"
    ;;
  stop)
    as_pg "$PGBIN/pg_ctl" -D "$DIR/data" -m fast stop >/dev/null || true
    rm -rf "$DIR"
    ;;
  *) echo "usage: $0 start | count SOURCE.tsv TARGET.tsv | stop" >&2; exit 2 ;;
esac
