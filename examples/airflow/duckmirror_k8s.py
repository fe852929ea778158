"""Mirror PostgreSQL into MotherDuck with duckmirror's container image, one pod per `plan --tasks` element.

plan (pod) -> execute (mapped pods) -> audit (the gate pod, runs whatever execute did)

Settings and secrets (pg_HOST, pg_PASSWORD, MOTHERDUCK_TOKEN, TARGET_DATABASE, ...) come from a
Kubernetes Secret mounted into every pod as environment variables, e.g.
  kubectl create secret generic duckmirror --from-env-file=duckmirror.env
This file reads, at parse time:
  DUCKMIRROR_IMAGE         the image built from docker/ and pushed to your registry (default
                           duckmirror:jvm; docker/README.md)
  DUCKMIRROR_K8S_SECRET    the Secret's name (default duckmirror)
  DUCKMIRROR_K8S_NAMESPACE the namespace of the pods (default default)
  DUCKMIRROR_MAX_PARALLEL  execute pods at once in one DAG run (default: no limit)
"""

from __future__ import annotations

import os
from datetime import timedelta

import pendulum
from kubernetes.client import models as k8s

from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator
from airflow.providers.cncf.kubernetes.secret import Secret
from airflow.sdk import dag

IMAGE = os.environ.get("DUCKMIRROR_IMAGE", "duckmirror:jvm")
SECRET = os.environ.get("DUCKMIRROR_K8S_SECRET", "duckmirror")
NAMESPACE = os.environ.get("DUCKMIRROR_K8S_NAMESPACE", "default")
# Pods share no local file, so this DAG is meant for MotherDuck, which takes concurrent writers. A
# DuckDB file on a shared volume takes one writer at a time: set DUCKMIRROR_MAX_PARALLEL=1 for it.
MAX_PARALLEL = int(os.environ.get("DUCKMIRROR_MAX_PARALLEL", "0")) or None

PLAN_ANNOTATION = "duckmirror.io/plan"

COMMON = dict(
    image=IMAGE,
    namespace=NAMESPACE,
    # Every key of the Secret becomes an environment variable: duckmirror reads its settings there.
    secrets=[Secret(deploy_type="env", deploy_target=None, secret=SECRET)],
    # The image's entry point is duckmirror itself; the run id reaches every task the same way.
    env_vars={"DUCKMIRROR_RUN_ID": "{{ run_id }}"},
    get_logs=True,
    on_finish_action="delete_pod",
    # Requests and limits from the measured peak memory (docker/README.md, "Resources").
    container_resources=k8s.V1ResourceRequirements(requests={"cpu": "500m", "memory": "256Mi"},
                                                   limits={"memory": "1Gi"}),
    # A pod past its time limit is deleted (SIGTERM first): the table being copied keeps its
    # previous version.
    execution_timeout=timedelta(hours=1),
    # Airflow retries a failed task whatever the pod's exit code, and only exit 3 (out of reach) can
    # come out differently next time: no Airflow retries here; duckmirror's MAX_RETRIES retries a
    # table within its task. duckmirror_docker.py shows a retry limited to exit 3.
    retries=0,
)


def execute_args(element: str) -> list[str]:
    # One argument each, no shell: a table name with spaces or quotes reaches duckmirror intact.
    return ["execute", "--tables", element]


@dag(
    dag_id="duckmirror_k8s",
    schedule=None,
    start_date=pendulum.datetime(2026, 1, 1, tz="UTC"),
    catchup=False,
    tags=["duckmirror"],
)
def duckmirror_k8s():
    plan = KubernetesPodOperator(
        task_id="plan",
        arguments=["plan", "--tasks", "--output", "/airflow/xcom/return.json"],
        do_xcom_push=True,  # the sidecar reads return.json: the array becomes the XCom value
        **COMMON,
    )

    execute = KubernetesPodOperator.partial(
        task_id="execute",
        max_active_tis_per_dagrun=MAX_PARALLEL,
        **COMMON,
    ).expand(arguments=plan.output.map(execute_args))

    # The gate needs the plan as a file, and the image may have no shell (the native one is
    # distroless): the plan goes into a pod annotation, and the downward API mounts it as a file.
    audit = KubernetesPodOperator(
        task_id="audit",
        arguments=["audit", "--run-id", "{{ run_id }}", "--expect", "/plan/plan.json"],
        annotations={PLAN_ANNOTATION: "{{ ti.xcom_pull(task_ids='plan') | tojson }}"},
        volumes=[k8s.V1Volume(
            name="plan",
            downward_api=k8s.V1DownwardAPIVolumeSource(items=[k8s.V1DownwardAPIVolumeFile(
                path="plan.json",
                field_ref=k8s.V1ObjectFieldSelector(field_path=f"metadata.annotations['{PLAN_ANNOTATION}']"),
            )]),
        )],
        volume_mounts=[k8s.V1VolumeMount(name="plan", mount_path="/plan", read_only=True)],
        trigger_rule="all_done",  # runs whether execute pods failed or not; fails the run if any did
        **COMMON,
    )

    execute >> audit
    plan >> audit


duckmirror_k8s()
