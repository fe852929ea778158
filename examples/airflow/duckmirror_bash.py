"""Mirror PostgreSQL into DuckDB/MotherDuck with duckmirror, one Airflow task per `plan --tasks` element.

plan -> execute (mapped, one task per element) -> audit (the gate, runs whatever execute did)

Every setting comes from the worker's environment: duckmirror's own (pg_HOST, pg_PASSWORD, TARGET,
MOTHERDUCK_TOKEN, ...; see docs/configuration.md), plus, for this file:
  DUCKMIRROR_BIN             the duckmirror command (default: `duckmirror` on PATH)
  DUCKMIRROR_MAX_PARALLEL    execute tasks at once in one DAG run (default 1; see below)
"""

from __future__ import annotations

import json
import os
import shlex
import tempfile
from datetime import timedelta

import pendulum

from airflow.providers.standard.operators.bash import BashOperator
from airflow.sdk import dag, get_current_context, task

# Read by the worker when the task runs, so the DAG file needs no setting at parse time.
BIN = '"${DUCKMIRROR_BIN:-duckmirror}"'

# A local DuckDB file takes one writing process at a time (a second one waits for the lock), so by
# default the execute tasks of a run go one after the other rather than queueing on the lock.
# MotherDuck takes concurrent writers: raise this for an md: target.
MAX_PARALLEL = int(os.environ.get("DUCKMIRROR_MAX_PARALLEL", "1"))


def tables_env(element: str) -> dict:
    # The element travels in the environment, never in the shell text, so a table name with spaces,
    # quotes or `$` reaches duckmirror intact. Airflow does not render values that expand() maps in
    # as templates, so `{{` in a table name stays text (the test has such a table).
    return {"DUCKMIRROR_TABLES": element}


@dag(
    dag_id="duckmirror_bash",
    schedule=None,
    start_date=pendulum.datetime(2026, 1, 1, tz="UTC"),
    catchup=False,
    # Two runs at once would copy the same tables twice, and on a local DuckDB file wait for each
    # other's lock: one run at a time.
    max_active_runs=1,
    # A task that hangs (a source that stops answering mid-copy) fails after an hour, as in the other
    # examples, rather than holding its worker slot.
    default_args={"execution_timeout": timedelta(hours=1)},
    tags=["duckmirror"],
)
def duckmirror_bash():
    plan = BashOperator(
        task_id="plan",
        # BashOperator pushes the last line of the combined stdout/stderr: capturing stdout first
        # makes the one-line array that last line even if duckmirror logs to stderr afterwards.
        bash_command=f'tasks=$({BIN} plan --tasks) && printf "%s\\n" "$tasks"',
        append_env=True,
        output_processor=json.loads,  # expand() maps over a list, not over its JSON text
    )

    execute = BashOperator.partial(
        task_id="execute",
        bash_command=f'{BIN} execute --tables "$DUCKMIRROR_TABLES" --run-id "{{{{ run_id }}}}"',
        append_env=True,  # keep the worker's environment (settings, secrets) beside the element
        max_active_tis_per_dagrun=MAX_PARALLEL,
    ).expand(env=plan.output.map(tables_env))

    @task.bash(trigger_rule="all_done")  # the gate runs whether execute tasks failed or not
    def audit(tasks: list[str]) -> str:
        # audit --expect reads the plan from a file: write the plan's XCom to one for this run.
        fd, path = tempfile.mkstemp(prefix="duckmirror-plan-", suffix=".json")
        with os.fdopen(fd, "w") as f:
            json.dump(tasks, f)
        run_id = get_current_context()["run_id"]
        return (
            f"trap 'rm -f {shlex.quote(path)}' EXIT; "
            f"{BIN} audit --run-id {shlex.quote(run_id)} --expect {shlex.quote(path)}"
        )

    # audit fails, and with it the DAG run (its only leaf), when a planned table failed or never ran.
    execute >> audit(plan.output)


duckmirror_bash()
