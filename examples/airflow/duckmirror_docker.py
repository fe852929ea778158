"""Mirror PostgreSQL into DuckDB/MotherDuck with duckmirror's image on the worker's Docker engine.

plan (container) -> execute (mapped, one container per `plan --tasks` element) -> audit (the gate)

duckmirror's settings (pg_HOST, pg_PASSWORD, TARGET, MOTHERDUCK_TOKEN, ...; every key of
docker/duckmirror.env) are read from the worker's environment when each task runs, with the same
names as for the bash DAG, and reach the containers as private environment (never rendered, never
in the DAG's serialized form). TARGET is a path as the container sees it (/data/...) or md:.
This file reads, at parse time:
  DUCKMIRROR_IMAGE           the image (default duckmirror:jvm; docker/README.md: build and push)
  DUCKMIRROR_DOCKER_NETWORK  the containers' network (default bridge; `host` reaches a PostgreSQL
                             listening on the worker's loopback)
  DUCKMIRROR_DATA_DIR        a folder on the worker mounted at /data, for a local DuckDB target;
                             writable by the image's user (uid 10001). Unset: no mount (MotherDuck)
  DUCKMIRROR_MAX_PARALLEL    execute containers at once in one DAG run (default 1 with a data
                             folder, as a DuckDB file takes one writer at a time; else 4)

What Airflow can and cannot do about failures here: a task is retried (twice, a minute apart) only
when duckmirror exits 3, the source or target out of reach, which a later attempt may find back.
Any other exit (1: a table failed, 2: bad configuration, 143: stopped) fails the task at once, as
retrying cannot change it. Airflow cannot retry a single table inside a task: duckmirror's own
MAX_RETRIES does that. A task that runs past its time limit is stopped (SIGTERM, then SIGKILL after
docker's grace): the table being copied keeps its previous version.
"""

from __future__ import annotations

import json
import os
import tempfile
from datetime import timedelta
from pathlib import Path

import pendulum
from docker.types import Mount

from airflow.providers.docker.exceptions import DockerContainerFailedException
from airflow.providers.docker.operators.docker import DockerOperator
from airflow.sdk import dag
from airflow.sdk.exceptions import AirflowFailException

IMAGE = os.environ.get("DUCKMIRROR_IMAGE", "duckmirror:jvm")
NETWORK = os.environ.get("DUCKMIRROR_DOCKER_NETWORK", "bridge")
DATA_DIR = os.environ.get("DUCKMIRROR_DATA_DIR")
MAX_PARALLEL = int(os.environ.get("DUCKMIRROR_MAX_PARALLEL", "1" if DATA_DIR else "4"))

# duckmirror's settings, as docker/duckmirror.env lists them (the examples' test keeps the two equal).
SETTINGS = (
    "pg_HOST", "pg_PORT", "pg_DATABASE", "pg_USER", "pg_PASSWORD", "pg_SSLMODE",
    "TARGET", "TARGET_DATABASE", "MOTHERDUCK_TOKEN", "MOTHERDUCK_HOST",
    "INCLUDED_SCHEMAS", "EXCLUDED_SCHEMAS", "INCLUDED_TABLES", "EXCLUDED_TABLES", "INCLUDE_VIEWS",
    "MAX_RETRIES", "RETRY_BASE_SECONDS", "NUMERIC_POLICY", "NUMERIC_NAN_CHECK", "PG_STATEMENT_TIMEOUT_SECONDS",
    "PARALLEL_TABLES", "TABLES_PER_COMMIT", "TARGET_LOCK_WAIT_SECONDS", "SNAPSHOT", "PRUNE", "SKIP_UNCHANGED",
    "PROGRESS_INTERVAL_SECONDS", "QUARKUS_LOG_CONSOLE_JSON",
)
UNREACHABLE = 3  # ExitCode.java: the only failure a retry can help
PLAN_FILE = "/tmp/duckmirror-plan.json"


class DuckmirrorContainer(DockerOperator):
    """duckmirror's image as one task: settings from the worker when it runs, retries on exit 3 only."""

    # retrieve_output deserializes the file it copies out of the container with this: the plan is JSON.
    pickling_library = json

    def execute(self, context):
        self._private_environment = {name: os.environ[name] for name in SETTINGS if name in os.environ}
        try:
            return super().execute(context)
        except DockerContainerFailedException as failed:
            # The exception does not carry the exit code: the container (auto_remove="never") does.
            code = self.cli.inspect_container(self.container["Id"])["State"]["ExitCode"]
            if code != UNREACHABLE:
                raise AirflowFailException(f"duckmirror exited with {code}; a retry cannot help") from failed
            raise
        finally:
            if self.container:
                self.cli.remove_container(self.container["Id"], force=True)


class AuditGate(DuckmirrorContainer):
    """`audit --expect` reads the plan from a file: the plan's XCom, written on the worker and mounted."""

    def execute(self, context):
        tasks = context["ti"].xcom_pull(task_ids="plan")
        with tempfile.TemporaryDirectory(prefix="duckmirror-plan-") as folder:
            Path(folder).chmod(0o755)  # the image's user reads it
            (Path(folder) / "plan.json").write_text(json.dumps(tasks))
            self.mounts = [*self.mounts, Mount(target="/plan", source=folder, type="bind", read_only=True)]
            return super().execute(context)


COMMON = dict(
    image=IMAGE,
    network_mode=NETWORK,
    mounts=[Mount(target="/data", source=DATA_DIR, type="bind")] if DATA_DIR else [],
    # One run id across the fan-out, as the audit gate expects.
    environment={"DUCKMIRROR_RUN_ID": "{{ run_id }}"},
    mount_tmp_dir=False,
    auto_remove="never",  # DuckmirrorContainer removes it, once it has read the exit code
    # The demo's peak is 125 MB in a container (cgroup peak, page cache included); a large table's
    # copy needs more: docker/README.md, "Resources".
    mem_limit="1g",
    execution_timeout=timedelta(hours=1),
)


def execute_command(element: str) -> list[str]:
    # One argument each, no shell: a table name with spaces or quotes reaches duckmirror intact.
    return ["execute", "--tables", element]


@dag(
    dag_id="duckmirror_docker",
    schedule=None,
    start_date=pendulum.datetime(2026, 1, 1, tz="UTC"),
    catchup=False,
    # A local DuckDB file takes one writing process: one DAG run at a time.
    max_active_runs=1 if DATA_DIR else 16,
    default_args={"retries": 2, "retry_delay": timedelta(minutes=1)},
    tags=["duckmirror"],
)
def duckmirror_docker():
    # The plan leaves by a file, not the log: DockerOperator's XCom is the last log line, and
    # duckmirror logs to stderr, which the container's log mixes in.
    plan = DuckmirrorContainer(
        task_id="plan",
        command=["plan", "--tasks", "--output", PLAN_FILE],
        retrieve_output=True,
        retrieve_output_path=PLAN_FILE,
        **COMMON,
    )

    execute = DuckmirrorContainer.partial(
        task_id="execute",
        do_xcom_push=False,
        max_active_tis_per_dagrun=MAX_PARALLEL,
        **COMMON,
    ).expand(command=plan.output.map(execute_command))

    # The gate runs whatever execute did, and fails (and with it the DAG run) when a planned table
    # failed or never ran.
    audit = AuditGate(
        task_id="audit",
        command=["audit", "--run-id", "{{ run_id }}", "--expect", "/plan/plan.json"],
        trigger_rule="all_done",
        do_xcom_push=False,
        **COMMON,
    )
    execute >> audit
    plan >> audit


duckmirror_docker()
