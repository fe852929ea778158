"""Runs examples/airflow under a real Airflow 3.3 (`airflow dags test`: SQLite, no scheduler) against a
real PostgreSQL, and checks the mirrored data, the task states and the audit table.

Run through scripts/test-examples, which provides Airflow, PostgreSQL and the DuckDB extension:
  AIRFLOW_BIN          the venv's `airflow`
  DUCKMIRROR_BIN       the duckmirror command the DAG runs (default: <repo>/bin/duckmirror)
  DUCKMIRROR_TEST_PG_HOST, _PORT, _USER, _PASSWORD   a superuser of a throwaway cluster
  DUCKMIRROR_TEST_PG_BIN                             its binaries (psql)
  DUCKDB_EXTENSION_REPOSITORY                        where the postgres extension is staged
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
from pathlib import Path

import duckdb
import pytest

REPO = Path(__file__).resolve().parents[2]
DAGS = REPO / "examples" / "airflow"
AIRFLOW = os.environ.get("AIRFLOW_BIN", "airflow")

# Names an orchestrator must carry intact: a space, a dot, a double quote, Jinja and shell syntax.
TABLES = {
    ("public", "plain"): 3,
    ("public", "with space"): 2,
    ("odd.schema", "dot.table"): 4,
    ("public", 'say "hi"'): 5,
    ("public", "{{ run_id }} $HOME `x`"): 1,
    ("public", "script.sh"): 6,
}
UNREADABLE = ("public", "forbidden")


def ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def qualified(table: tuple[str, str]) -> str:
    return ident(table[0]) + "." + ident(table[1])


class Postgres:
    def __init__(self) -> None:
        self.host = os.environ["DUCKMIRROR_TEST_PG_HOST"]
        self.port = os.environ["DUCKMIRROR_TEST_PG_PORT"]
        self.user = os.environ["DUCKMIRROR_TEST_PG_USER"]
        self.password = os.environ["DUCKMIRROR_TEST_PG_PASSWORD"]
        self.psql = str(Path(os.environ.get("DUCKMIRROR_TEST_PG_BIN", "/usr/bin")) / "psql")

    def sql(self, database: str, text: str) -> None:
        subprocess.run(
            [self.psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", self.host, "-p", self.port,
             "-U", self.user, "-d", database],
            input=text, text=True, check=True, env={**os.environ, "PGPASSWORD": self.password},
        )


@pytest.fixture(scope="module")
def postgres() -> Postgres:
    return Postgres()


@pytest.fixture(scope="module")
def airflow_home(tmp_path_factory) -> Path:
    home = tmp_path_factory.mktemp("airflow-home")
    subprocess.run([AIRFLOW, "db", "migrate"], env=airflow_env(home), check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return home


@pytest.fixture(scope="module")
def contract() -> None:
    """The DAG needs issue 13's commands: say so plainly rather than through a failed DAG run."""
    bin = airflow_env(Path("."))["DUCKMIRROR_BIN"]
    for command, option in (("plan", "--tasks"), ("execute", "--tables"), ("audit", "--expect")):
        help = subprocess.run([bin, command, "--help"], capture_output=True, text=True)
        assert option in help.stdout + help.stderr, f"{bin} {command} has no {option}"


def airflow_env(home: Path, extra: dict[str, str] | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AIRFLOW")}
    env.update({
        "AIRFLOW_HOME": str(home),
        "AIRFLOW__CORE__DAGS_FOLDER": str(DAGS),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "DUCKMIRROR_BIN": os.environ.get("DUCKMIRROR_BIN", str(REPO / "bin" / "duckmirror")),
    })
    env.update(extra or {})
    return env


def last_json(stdout: str):
    """Airflow's CLI prints warnings to stdout before its -o json document."""
    for line in reversed(stdout.splitlines()):
        if line.startswith(("[", "{")):
            return json.loads(line)
    raise AssertionError("no JSON in:\n" + stdout)


def source(postgres: Postgres, with_unreadable: bool) -> dict[str, str]:
    """A database and a non-superuser role that reads every table but, if asked, one."""
    database = "src_" + secrets.token_hex(4)
    role, password = "mirror_" + secrets.token_hex(4), secrets.token_hex(12)
    postgres.sql("postgres", f"CREATE DATABASE {database};"
                             f"CREATE ROLE {role} LOGIN PASSWORD '{password}';")
    tables = dict(TABLES)
    if with_unreadable:
        tables[UNREADABLE] = 7
    script = ['CREATE SCHEMA "odd.schema";']
    for table, rows in tables.items():
        script.append(f"CREATE TABLE {qualified(table)} (id int PRIMARY KEY, label text);")
        script.append(f"INSERT INTO {qualified(table)} SELECT g, 'row ' || g FROM generate_series(1, {rows}) g;")
    script.append(f'GRANT USAGE ON SCHEMA public, "odd.schema" TO {role};')
    script.append(f'GRANT SELECT ON ALL TABLES IN SCHEMA public, "odd.schema" TO {role};')
    if with_unreadable:
        script.append(f"REVOKE SELECT ON {qualified(UNREADABLE)} FROM {role};")
    postgres.sql(database, "\n".join(script))
    return {"pg_HOST": postgres.host, "pg_PORT": postgres.port, "pg_DATABASE": database,
            "pg_USER": role, "pg_PASSWORD": password, "pg_SSLMODE": "disable",
            "MAX_RETRIES": "1"}


def dags_test(home: Path, settings: dict[str, str],
              dag_id: str = "duckmirror_bash") -> tuple[subprocess.CompletedProcess, dict]:
    result = subprocess.run([AIRFLOW, "dags", "test", dag_id], env=airflow_env(home, settings),
                            capture_output=True, text=True)
    # Task logs (commands, duckmirror's stderr) are in this output: no secret may be.
    assert settings["pg_PASSWORD"] not in result.stdout + result.stderr
    runs = subprocess.run([AIRFLOW, "dags", "list-runs", dag_id, "-o", "json"],
                          env=airflow_env(home), capture_output=True, text=True, check=True)
    # dags test runs one DAG run; the newest is this one.
    run = max(last_json(runs.stdout), key=lambda r: r["start_date"] or "")
    return result, run


def task_states(home: Path, run_id: str, dag_id: str = "duckmirror_bash") -> dict[tuple[str, int], str]:
    out = subprocess.run([AIRFLOW, "tasks", "states-for-dag-run", dag_id, run_id, "-o", "json"],
                         env=airflow_env(home), capture_output=True, text=True, check=True)
    # map_index is "" for a task that is not mapped.
    return {(t["task_id"], int(t["map_index"]) if str(t.get("map_index", "")) != "" else -1): t["state"]
            for t in last_json(out.stdout)}


def mirrored(target: Path) -> tuple[dict[tuple[str, str], int], list[tuple]]:
    with duckdb.connect(str(target), read_only=True) as con:
        names = con.execute("SELECT table_schema, table_name FROM information_schema.tables "
                            "WHERE NOT (table_schema = 'main' AND table_name IN ('flight_tracker', 'duckmirror_runs'))"
                            ).fetchall()
        counts = {(s, t): con.execute(f"SELECT count(*) FROM {qualified((s, t))}").fetchone()[0] for s, t in names}
        audit = con.execute("SELECT run_id, source_schema, source_table, status, rows_loaded "
                            "FROM main.flight_tracker").fetchall()
    return counts, audit


def test_every_dag_file_imports(airflow_home):
    out = subprocess.run([AIRFLOW, "dags", "list-import-errors", "--local", "-o", "json"],
                         env=airflow_env(airflow_home), capture_output=True, text=True, check=True)
    assert last_json(out.stdout) == []
    listed = subprocess.run([AIRFLOW, "dags", "list", "--local", "-o", "json"],
                            env=airflow_env(airflow_home), capture_output=True, text=True, check=True)
    assert {d["dag_id"] for d in last_json(listed.stdout)} == {"duckmirror_bash", "duckmirror_docker", "duckmirror_k8s"}


def test_all_tables_succeed(contract, airflow_home, postgres, tmp_path):
    target = tmp_path / "mirror.duckdb"
    result, run = dags_test(airflow_home, {**source(postgres, False), "TARGET": str(target)})

    assert result.returncode == 0, result.stdout + result.stderr
    assert run["state"] == "success"
    states = task_states(airflow_home, run["run_id"])
    assert states[("plan", -1)] == "success"
    assert states[("audit", -1)] == "success"
    executes = [s for (task, _), s in states.items() if task == "execute"]
    assert executes and all(s == "success" for s in executes)

    counts, audit = mirrored(target)
    assert counts == TABLES
    assert {r[0] for r in audit} == {run["run_id"]}
    assert {(r[1], r[2]): (r[3], r[4]) for r in audit} == {t: ("succeeded", n) for t, n in TABLES.items()}


def test_unreadable_table_fails_the_run_and_the_gate(contract, airflow_home, postgres, tmp_path):
    target = tmp_path / "mirror.duckdb"
    result, run = dags_test(airflow_home, {**source(postgres, True), "TARGET": str(target)})

    # Airflow 3.3.2's `dags test` exits 1 and prints "DagRun failed" when the run fails.
    assert result.returncode == 1, result.stdout + result.stderr
    assert "DagRun failed" in result.stdout + result.stderr
    assert run["state"] == "failed"
    states = task_states(airflow_home, run["run_id"])
    assert states[("plan", -1)] == "success"
    assert states[("audit", -1)] == "failed"
    executes = [s for (task, _), s in states.items() if task == "execute"]
    assert sorted(executes).count("failed") >= 1
    assert "success" in executes

    counts, audit = mirrored(target)
    assert counts == TABLES  # every readable table mirrored, the unreadable one absent
    assert {r[0] for r in audit} == {run["run_id"]}  # one run id across the fan-out
    by_table = {(r[1], r[2]): r[3] for r in audit}
    assert by_table[UNREADABLE] == "failed"
    assert all(by_table[t] == "succeeded" for t in TABLES)


def dag_module(name, tmp_path, monkeypatch):
    """A DAG file imported as a module, parsed without a scheduler (AIRFLOW_HOME a fresh folder)."""
    import importlib.util

    monkeypatch.setenv("AIRFLOW_HOME", str(tmp_path))
    spec = importlib.util.spec_from_file_location(name, DAGS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_task_of_the_bash_dag_has_an_hour_and_runs_one_at_a_time(tmp_path, monkeypatch):
    """examples/README.md, "Retries, limits, resources": a one-hour limit per task in every example."""
    from datetime import timedelta

    dag = dag_module("duckmirror_bash", tmp_path, monkeypatch).duckmirror_bash()

    assert dag.max_active_runs == 1
    assert {t.task_id: t.execution_timeout for t in dag.tasks} == {
        "plan": timedelta(hours=1), "execute": timedelta(hours=1), "audit": timedelta(hours=1)}


def test_k8s_pods_carry_plan_secret_and_xcom(tmp_path, monkeypatch):
    """No cluster here: build the pod specs offline (a kubeconfig that is never contacted)."""
    kubeconfig = tmp_path / "kubeconfig"
    kubeconfig.write_text(
        "apiVersion: v1\nkind: Config\n"
        "clusters: [{name: none, cluster: {server: 'https://127.0.0.1:1'}}]\n"
        "users: [{name: none, user: {token: none}}]\n"
        "contexts: [{name: none, context: {cluster: none, user: none}}]\ncurrent-context: none\n")
    monkeypatch.setenv("KUBECONFIG", str(kubeconfig))
    module = dag_module("duckmirror_k8s", tmp_path, monkeypatch)
    dag = module.duckmirror_k8s()

    plan = dag.get_task("plan").build_pod_request_obj()
    assert plan.spec.containers[0].args == ["plan", "--tasks", "--output", "/airflow/xcom/return.json"]
    assert len(plan.spec.containers) == 2  # duckmirror and the XCom sidecar
    assert [e.secret_ref.name for e in plan.spec.containers[0].env_from] == ["duckmirror"]

    audit = dag.get_task("audit")
    assert audit.trigger_rule == "all_done"
    pod = audit.build_pod_request_obj()
    assert pod.spec.containers[0].args[-2:] == ["--expect", "/plan/plan.json"]
    assert "duckmirror.io/plan" in pod.metadata.annotations
    (volume,) = pod.spec.volumes
    assert volume.downward_api.items[0].field_ref.field_path == "metadata.annotations['duckmirror.io/plan']"

    assert module.execute_args('public."say ""hi"""') == ["execute", "--tables", 'public."say ""hi"""']


def test_empty_plan_passes(contract, airflow_home, postgres, tmp_path):
    target = tmp_path / "mirror.duckdb"
    settings = {**source(postgres, False), "TARGET": str(target), "INCLUDED_TABLES": "public.nosuch"}
    result, run = dags_test(airflow_home, settings)

    assert result.returncode == 0, result.stdout + result.stderr
    assert run["state"] == "success"
    states = task_states(airflow_home, run["run_id"])
    assert states[("plan", -1)] == "success"
    assert states[("audit", -1)] == "success"  # the gate ran: nothing planned, nothing missing
    assert all(s == "skipped" for (task, _), s in states.items() if task == "execute")
