"""Runs Node processes under the real Dagster orchestrator and dumps Dagster's own event log.

Usage: python dagster_harness.py <scenarios.json> <out.json>

Each scenario: {"name", "asset_keys": [[...], ...], "check_specs": [{"asset_key": [...], "name"}],
"command": [...], "cwd", "env": {...} (passed to PipesSubprocessClient.run), "orchestrator_env":
{...} (set in os.environ of this orchestrator process for the run, as Dagster+ does), "extras",
"partitions": {"grain", "start"} (the assets partitioned by dagster-rocky's
partitions_def_for_time_interval), "partition_key"}.
Every scenario is one `dagster.materialize(...)` of a multi-asset whose body is
`PipesSubprocessClient().run(...).get_results()`, on an ephemeral instance, raise_on_error=False.
The result lists every event log record of the run (Dagster events and user log lines).
"""


import json
import os
import subprocess
import sys
from typing import Any

import dagster as dg
from dagster._core.errors import DagsterPipesExecutionError


def metadata_to_json(metadata: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in (metadata or {}).items():
        raw = getattr(value, "value", value)
        try:
            json.dumps(raw)
        except TypeError:
            raw = repr(raw)
        out[key] = {"type": type(value).__name__, "value": raw}
    return out


def error_to_json(err: Any) -> Any:
    if err is None:
        return None
    return {
        "cls_name": getattr(err, "cls_name", None),
        "message": getattr(err, "message", None),
        "cause": error_to_json(getattr(err, "cause", None)),
        "context": error_to_json(getattr(err, "context", None)),
    }


def event_to_json(entry: Any) -> dict[str, Any]:
    out: dict[str, Any] = {
        "user_message": entry.user_message,
        "level": entry.level,
        "step_key": entry.step_key,
        "type": None,
    }
    ev = entry.dagster_event
    if ev is None:
        return out
    out["type"] = ev.event_type_value
    data = ev.event_specific_data
    if ev.event_type_value == "ASSET_MATERIALIZATION":
        mat = data.materialization
        out["asset_key"] = list(mat.asset_key.path)
        out["metadata"] = metadata_to_json(mat.metadata)
        out["partition"] = mat.partition
    elif ev.event_type_value == "ASSET_CHECK_EVALUATION":
        out["asset_key"] = list(data.asset_key.path)
        out["check_name"] = data.check_name
        out["passed"] = data.passed
        out["severity"] = data.severity.value if data.severity is not None else None
        out["metadata"] = metadata_to_json(data.metadata)
    elif ev.event_type_value in ("STEP_FAILURE", "RUN_FAILURE", "ENGINE_EVENT"):
        out["error"] = error_to_json(getattr(data, "error", None))
    return out


def run_scenario(sc: dict[str, Any]) -> dict[str, Any]:
    partitions_def = None
    if sc.get("partitions"):
        from dagster_rocky.partitions import partitions_def_for_time_interval

        partitions_def = partitions_def_for_time_interval(
            granularity=sc["partitions"]["grain"], first_partition=sc["partitions"]["start"]
        )
    specs = [dg.AssetSpec(dg.AssetKey(k), partitions_def=partitions_def) for k in sc["asset_keys"]]
    check_specs = [
        dg.AssetCheckSpec(name=c["name"], asset=dg.AssetKey(c["asset_key"]))
        for c in sc.get("check_specs", [])
    ]

    if sc.get("mode", "client") == "client":
        # The usual recipe: everything the process reported is returned by get_results(), which
        # run() never reaches when the process exits non-zero.
        @dg.multi_asset(name="rocky_node_step", specs=specs, check_specs=check_specs or None)
        def rocky_node_step(context: dg.AssetExecutionContext, pipes: dg.PipesSubprocessClient):
            return pipes.run(
                command=sc["command"],
                cwd=sc.get("cwd"),
                context=context,
                extras=sc.get("extras") or {},
                env=sc.get("env") or {},
            ).get_results()
    else:
        # What PipesSubprocessClient.run does, with the client's own context injector and message
        # reader, except that the reported results are yielded before a non-zero exit fails the
        # step with the same DagsterPipesExecutionError: the tables that succeeded stay materialized.
        @dg.multi_asset(name="rocky_node_step", specs=specs, check_specs=check_specs or None)
        def rocky_node_step(context: dg.AssetExecutionContext, pipes: dg.PipesSubprocessClient):
            with dg.open_pipes_session(
                context=context,
                context_injector=pipes.context_injector,
                message_reader=pipes.message_reader,
                extras=sc.get("extras") or {},
            ) as session:
                process = subprocess.Popen(
                    sc["command"],
                    cwd=sc.get("cwd"),
                    env={**os.environ, **(sc.get("env") or {}), **session.get_bootstrap_env_vars()},
                )
                code = process.wait()
            # No implicit materialization of the assets the process did not report (a failed table).
            yield from session.get_results(implicit_materializations=code == 0)
            if code != 0:
                raise DagsterPipesExecutionError(
                    f"External execution process failed with code {code}"
                )

    saved = dict(os.environ)
    os.environ.update(sc.get("orchestrator_env") or {})
    try:
        instance = dg.DagsterInstance.ephemeral()
        result = dg.materialize(
            [rocky_node_step],
            instance=instance,
            resources={"pipes": dg.PipesSubprocessClient()},
            partition_key=sc.get("partition_key"),
            raise_on_error=False,
        )
        records = instance.all_logs(result.run_id)
        return {
            "name": sc["name"],
            "success": result.success,
            "run_id": result.run_id,
            "events": [event_to_json(r) for r in records],
        }
    finally:
        os.environ.clear()
        os.environ.update(saved)


def main() -> None:
    scenarios = json.load(open(sys.argv[1], encoding="utf-8"))
    results = [run_scenario(sc) for sc in scenarios]
    with open(sys.argv[2], "w", encoding="utf-8") as fh:
        json.dump(results, fh)


if __name__ == "__main__":
    main()
