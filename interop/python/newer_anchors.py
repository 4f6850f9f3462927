"""The Python anchors' argv for the verbs engines newer than 1.71 added, and run_cli.

Usage: python newer_anchors.py argv < request.json > response.json
  argv  {"standin", "cases": [{"anchor", "client", "method", "args", "kwargs", "record"}]}
        -> [{"error": str | None}]. "anchor" is "sdk" (rocky_sdk.RockyClient) or "dagster"
        (dagster_rocky.RockyResource, called outside a Dagster run); each call's argv is written
        by the stand-in binary to the case's "record" file (STANDIN_RECORD), so what is compared
        is what was spawned. A "static" method (validate_governance_override) is called on the
        class; its answer is in "error".
  outputs {"docs": [{"model", "text"}]} -> [{"ok", "error"}]: each text parsed the way RockyClient
        parses that verb's stdout (`_parse_rocky_json` with the model export_sdk_schemas.py names).
"""

import json
import os
import sys
from typing import Any


def _instance(anchor: str, standin: str, client: dict[str, Any]) -> Any:
    if anchor == "sdk":
        from rocky_sdk import RockyClient

        return RockyClient(binary_path=standin, **client)
    from dagster_rocky import RockyResource

    return RockyResource(binary_path=standin, **client)


def task_argv(req: dict[str, Any]) -> list[dict[str, Any]]:
    import logging

    logging.getLogger("rocky_sdk").setLevel(logging.CRITICAL)
    logging.getLogger("dagster_rocky").setLevel(logging.CRITICAL)
    out = []
    for case in req["cases"]:
        os.environ["STANDIN_RECORD"] = case["record"]
        try:
            target = _instance(case["anchor"], req["standin"], case["client"])
            getattr(target, case["method"])(*case.get("args", []), **case.get("kwargs", {}))
            out.append({"error": None})
        except Exception as exc:  # noqa: BLE001 - output parsing of the stand-in may fail
            out.append({"error": f"{type(exc).__name__}: {str(exc)[:300]}"})
    return out


def task_outputs(req: dict[str, Any]) -> list[dict[str, Any]]:
    from importlib import import_module

    from export_sdk_schemas import MODELS
    from rocky_sdk import client as c

    out = []
    for doc in req["docs"]:
        module, name = MODELS[doc["model"]]
        model = getattr(import_module(f"rocky_sdk.types_generated.{module}"), name)
        try:
            c._parse_rocky_json(doc["text"], model, command=doc["model"])
            out.append({"ok": True, "error": None})
        except Exception as exc:  # noqa: BLE001 - a rejection is the answer
            out.append({"ok": False, "error": f"{type(exc).__name__}: {str(exc)[:200]}"})
    return out


def main() -> None:
    task = sys.argv[1]
    req = json.load(sys.stdin)
    json.dump({"argv": task_argv, "outputs": task_outputs}[task](req), sys.stdout)


if __name__ == "__main__":
    main()
