"""Prices one day's orders on a Spark cluster, then fails the DAG run unless the run record says the run succeeded.

A copyable example for docs/cluster.md ("What a scheduler sees"). The submit task's exit code is not enough on every
cluster manager: in standalone cluster mode and Kubernetes cluster mode spark-submit exits 0 when the driver failed.
So the job writes a run record (--status) to HDFS, and check_run_record reads it: the day is green only when the
record was written by this day's submission and its status is "succeeded".

Needs apache-airflow-providers-apache-spark (SparkSubmitOperator; the connection "spark_default" names the master,
e.g. yarn with deploy-mode cluster in its extra) and pyarrow with libhdfs on the worker (pyarrow.fs.HadoopFileSystem
needs HADOOP_HOME and the Hadoop CLASSPATH); WebHDFSHook from apache-airflow-providers-apache-hdfs reads the record
over HTTP instead.
"""
from __future__ import annotations

import json
from datetime import datetime

import pendulum
from airflow import DAG
from airflow.decorators import task
from airflow.exceptions import AirflowFailException
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

NAMENODE_HOST, NAMENODE_PORT = "namenode", 8020
HDFS = f"hdfs://{NAMENODE_HOST}:{NAMENODE_PORT}"
APP_JAR = "/opt/order-pricing/order-pricing-1.0.0-SNAPSHOT-app.jar"
RUNS = "/pipelines/prices/runs"  # one run record per day: runs/2026-12-03.json

with DAG(
    dag_id="price_orders",
    schedule="@daily",
    start_date=pendulum.datetime(2026, 12, 1, tz="UTC"),
    catchup=False,
    max_active_runs=1,  # one writer per output
) as dag:
    price = SparkSubmitOperator(
        task_id="price",
        conn_id="spark_default",
        application=APP_JAR,
        java_class="orderpricing.cli.PriceCommand",
        name="order-pricing-{{ ds }}",
        application_args=[
            "--input", HDFS + "/data/orders/{{ ds }}",
            "--output", HDFS + "/data/prices/{{ ds }}",
            "--overwrite",  # a retry replaces the day's result, committed whole or not at all
            "--max-rejects", "1%",  # more rejects than that: exit 3, nothing committed
            "--status", HDFS + RUNS + "/{{ ds }}.json",
        ],
        conf={"spark.eventLog.enabled": "true", "spark.eventLog.dir": f"{HDFS}/spark-logs"},
        retries=1,  # an over-limit run fails again the same way: its record says so
    )

    @task
    def check_run_record(ds=None, dag_run=None):
        """Fails the DAG run unless this day's submission wrote a run record that says "succeeded"."""
        from pyarrow import fs

        path = f"{RUNS}/{ds}.json"
        hdfs = fs.HadoopFileSystem(NAMENODE_HOST, NAMENODE_PORT)
        try:
            with hdfs.open_input_stream(path) as f:
                record = json.loads(f.read())
        except FileNotFoundError:
            raise AirflowFailException(f"no run record at {HDFS}{path}: the job did not get as far as writing it")

        # A record from an earlier attempt does not speak for this one.
        submitted = dag_run.get_task_instance("price").start_date
        started = datetime.fromisoformat(record["started"].replace("Z", "+00:00"))
        if started < submitted:
            raise AirflowFailException(f"the run record {HDFS}{path} is from an earlier run (started {record['started']})")

        if record.get("status") != "succeeded":
            raise AirflowFailException(
                f"pricing {ds}: {record.get('status')} (exit code {record.get('exit_code')}): {record.get('reason')}"
            )
        return {k: record.get(k) for k in ("input_records", "priced", "rejected", "output")}

    price >> check_run_record()
