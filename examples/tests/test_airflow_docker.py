"""Runs examples/airflow/duckmirror_docker.py under a real Airflow 3.3 (`airflow dags test`) with the
duckmirror:jvm image on this machine's Docker engine, against the throwaway PostgreSQL, which the
containers reach through the host network; the target is a DuckDB file in a folder mounted at /data.
Run through scripts/test-examples, as the bash DAG's test (test_airflow_dags.py) is.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from test_airflow_dags import (  # noqa: F401 (fixtures)
    REPO, TABLES, UNREADABLE, airflow_home, contract, dags_test, mirrored, postgres, source, task_states)

DAG = "duckmirror_docker"


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    folder.chmod(0o777)  # the image's user, 10001, writes the target here
    return folder


def docker_settings(settings: dict[str, str], data: Path) -> dict[str, str]:
    return {**settings, "TARGET": "/data/mirror.duckdb", "DUCKMIRROR_DATA_DIR": str(data),
            "DUCKMIRROR_DOCKER_NETWORK": "host"}


def test_the_settings_passed_are_the_sample_env_files_keys():
    from importlib.util import module_from_spec, spec_from_file_location

    spec = spec_from_file_location("duckmirror_docker", REPO / "examples" / "airflow" / "duckmirror_docker.py")
    module = module_from_spec(spec)
    spec.loader.exec_module(module)
    sample = REPO / "docker" / "duckmirror.env"
    keys = [line.split("=", 1)[0] for line in sample.read_text().splitlines() if line and not line.startswith("#")]
    assert list(module.SETTINGS) == keys
    assert all(line.endswith("=") for line in sample.read_text().splitlines() if line and not line.startswith("#"))


@pytest.mark.docker
def test_containers_mirror_every_table(airflow_home, postgres, data):
    result, run = dags_test(airflow_home, docker_settings(source(postgres, False), data), DAG)

    assert result.returncode == 0, result.stdout + result.stderr
    assert run["state"] == "success"
    states = task_states(airflow_home, run["run_id"], DAG)
    assert states[("plan", -1)] == "success"
    assert states[("audit", -1)] == "success"
    executes = [s for (task, _), s in states.items() if task == "execute"]
    assert len(executes) >= 2 and all(s == "success" for s in executes)

    counts, audit = mirrored(data / "mirror.duckdb")
    assert counts == TABLES
    assert {r[0] for r in audit} == {run["run_id"]}
    assert {(r[1], r[2]): (r[3], r[4]) for r in audit} == {t: ("succeeded", n) for t, n in TABLES.items()}


@pytest.mark.docker
def test_a_failing_table_fails_the_gate(airflow_home, postgres, data):
    result, run = dags_test(airflow_home, docker_settings(source(postgres, True), data), DAG)

    assert result.returncode == 1, result.stdout + result.stderr
    assert run["state"] == "failed"
    states = task_states(airflow_home, run["run_id"], DAG)
    assert states[("plan", -1)] == "success"
    assert states[("audit", -1)] == "failed"
    executes = [s for (task, _), s in states.items() if task == "execute"]
    assert executes.count("failed") == 1 and executes.count("success") == len(TABLES)

    counts, audit = mirrored(data / "mirror.duckdb")
    assert counts == TABLES
    # Exit 1 is not retried (retries=2 is for exit 3): the failing table's task ran once.
    assert [r[3] for r in audit if (r[1], r[2]) == UNREADABLE] == ["failed"]
    by_table = {(r[1], r[2]): r[3] for r in audit}
    assert all(by_table[t] == "succeeded" for t in TABLES)
