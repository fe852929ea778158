"""The baseline bench/run times duckmirror against: the reference flight's statements, in its engine.

The reference (a MotherDuck flight) mirrors PostgreSQL with Python duckdb and the postgres extension:
install and load the extension, attach the source read-only, list base tables from PostgreSQL's
information_schema, create the target schemas, then one CREATE OR REPLACE TABLE ... AS SELECT * per
table, one after the other. This program issues the same statements into a local DuckDB file, so
duckmirror is measured against the reference's engine on the same machine, cluster and minute.

Left out, because they cost next to nothing on a run without failures or would only make the
baseline slower: the retry wrapper around each table and the reference's audit-table insert. The
baseline is therefore a little faster than the real flight, never slower.

    python reference_loop.py TARGET_FILE EXTENSION_REPOSITORY EXTENSION_DIRECTORY SCHEMA[,SCHEMA...]

The PostgreSQL connection comes from libpq's PG* environment variables (ATTACH '' reads them), as in
the reference, so the password never appears in SQL. EXTENSION_DIRECTORY is a private directory for
installed extensions (see LoadTpch.java for why not ~/.duckdb). Prints one line per table and a
summary on stderr; exits 1 if a table failed.
"""

import sys
import time

import duckdb

# PostgreSQL's own schemas, never mirrored (pg_toast_temp_* and pg_temp_* by prefix).
SYSTEM_SCHEMAS = ("information_schema", "pg_catalog")
SYSTEM_PREFIXES = ("pg_toast", "pg_temp")


def literal(text):
    return "'" + text.replace("'", "''") + "'"


def identifier(name):
    return '"' + name.replace('"', '""') + '"'


def base_tables(con):
    """(schema, table) of every base table outside PostgreSQL's own schemas, read in PostgreSQL."""
    discovery = (
        "SELECT table_schema, table_name FROM information_schema.tables "
        "WHERE table_type = 'BASE TABLE' ORDER BY 1, 2"
    )
    found = con.execute(f"SELECT * FROM postgres_query('pg', {literal(discovery)})").fetchall()
    return [
        (schema, table)
        for schema, table in found
        if schema not in SYSTEM_SCHEMAS and not schema.startswith(SYSTEM_PREFIXES)
    ]


def main(argv):
    if len(argv) != 5:
        print("usage: reference_loop.py TARGET_FILE EXTENSION_REPOSITORY EXTENSION_DIRECTORY SCHEMAS",
              file=sys.stderr)
        return 2
    target, repository, installed, schemas = argv[1:]
    included = set(schemas.split(","))
    started = time.monotonic()

    con = duckdb.connect(target)
    con.execute(f"SET extension_directory = {literal(installed)}")
    con.execute(f"INSTALL postgres FROM {literal(repository)}")
    con.execute("LOAD postgres")
    con.execute("ATTACH '' AS pg (TYPE postgres, READ_ONLY)")
    database = con.execute("SELECT current_database()").fetchone()[0]

    selected = [(s, t) for s, t in base_tables(con) if s in included]
    for schema in sorted({s for s, _ in selected}):
        con.execute(f"CREATE SCHEMA IF NOT EXISTS {identifier(database)}.{identifier(schema)}")

    failed = 0
    for schema, table in selected:
        table_started = time.monotonic()
        source = f"pg.{identifier(schema)}.{identifier(table)}"
        target_table = f"{identifier(database)}.{identifier(schema)}.{identifier(table)}"
        try:
            con.execute(f"CREATE OR REPLACE TABLE {target_table} AS SELECT * FROM {source}")
        except duckdb.Error as error:
            failed += 1
            print(f"{schema}.{table}: failed: {error}", file=sys.stderr)
            continue
        print(f"{schema}.{table}: ok in {time.monotonic() - table_started:.2f} s", file=sys.stderr)
    con.close()
    print(f"Summary: {len(selected) - failed} ok, {failed} failed, {time.monotonic() - started:.2f} s",
          file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
