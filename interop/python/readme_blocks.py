"""Runs Python code blocks of the READMEs as written, on the real Dagster.

Usage: python readme_blocks.py <cases.json> <out.json>

Each case: {"name", "code" (the block, as written), "cwd" (where the user runs it), "env" (set in
os.environ for the run, as the user's shell or Dagster+ would)}. The block is executed in a fresh
namespace; it must define `defs` (a dagster.Definitions). Every asset of `defs` is then
materialized with its resources on an ephemeral instance, and Dagster's event log is dumped
(dagster_harness.event_to_json).
"""

import json
import os
import sys
from typing import Any

import dagster as dg
from dagster_harness import event_to_json


def run_case(case: dict[str, Any]) -> dict[str, Any]:
    saved_env = dict(os.environ)
    saved_cwd = os.getcwd()
    os.environ.update(case.get("env") or {})
    os.chdir(case["cwd"])
    try:
        namespace: dict[str, Any] = {"__name__": "__readme__"}
        exec(compile(case["code"], f"<{case['name']}>", "exec"), namespace)  # noqa: S102 - the README block is the test input
        defs = namespace["defs"]
        instance = dg.DagsterInstance.ephemeral()
        result = dg.materialize(
            list(defs.assets),
            resources=dict(defs.resources or {}),
            instance=instance,
            raise_on_error=False,
        )
        return {
            "name": case["name"],
            "success": result.success,
            "events": [event_to_json(r) for r in instance.all_logs(result.run_id)],
        }
    finally:
        os.chdir(saved_cwd)
        os.environ.clear()
        os.environ.update(saved_env)


def main() -> None:
    cases = json.load(open(sys.argv[1], encoding="utf-8"))
    with open(sys.argv[2], "w", encoding="utf-8") as fh:
        json.dump([run_case(c) for c in cases], fh)


if __name__ == "__main__":
    main()
