"""The Python anchors (dagster-rocky 1.74.0, rocky-sdk 0.29.0) answering the differential tests.

Usage: python anchors.py <task> < request.json > response.json
  branch    {"envs": [{...}]} -> [{"is_branch", "info", "suffix" | "error"}]
            dagster_rocky.branch_deploy: branch_deployment_info(env) and
            branch_deploy_shadow_suffix(info).
  argv      {"standin", "cases": [{"side", "client", "method", "args", "kwargs", "record"}]}
            -> [{"error": str | None}]; "side" is "client" (rocky_sdk.RockyClient) or
            "resource" (dagster_rocky.RockyResource), "client" its settings. Each spawn's argv is
            appended by the stand-in binary to the case's "record" file (STANDIN_RECORD), so
            what is compared is what was spawned; a case's "env" is set for its call (the exit
            code differential tells its stand-in what to print and how to exit).
  methods   {} -> {"client": [...], "resource": [...], "params": {side: {method: [...]}}}: the
            public methods of each class, and each method's parameters.
  outputs   {"docs": [{"method", "variant", "text"}]} -> [{"ok", "error", "summary"}]
            parsed the way RockyClient's method parses its stdout (the model it validates
            with; `variant` where the method picks it from its arguments: lineage "column",
            history "model"); the summary is each top-level field of the document as read.
(The Pipes differentials, metadata included, ask pipes_anchors.py.)
"""

import json
import os
import sys
from typing import Any


def task_branch(req: dict[str, Any]) -> list[dict[str, Any]]:
    from dagster_rocky.branch_deploy import branch_deploy_shadow_suffix, branch_deployment_info

    out = []
    for env in req["envs"]:
        info = branch_deployment_info(env)
        entry: dict[str, Any] = {
            "is_branch": info.is_branch_deployment,
            "info": {
                "deployment_name": info.deployment_name,
                "pr_number": info.pr_number,
                "git_sha": info.git_sha,
            },
        }
        try:
            entry["suffix"] = branch_deploy_shadow_suffix(info)
        except Exception as exc:  # noqa: BLE001 - the failure itself is the answer
            entry["error"] = f"{type(exc).__name__}: {exc}"
        out.append(entry)
    return out


def task_argv(req: dict[str, Any]) -> list[dict[str, Any]]:
    import logging

    from dagster_rocky import RockyResource
    from rocky_sdk import RockyClient

    for name in ("rocky_sdk", "dagster_rocky"):
        logging.getLogger(name).setLevel(logging.CRITICAL)
    sides = {"client": RockyClient, "resource": RockyResource}
    out = []
    for case in req["cases"]:
        os.environ["STANDIN_RECORD"] = case["record"]
        os.environ.update(case.get("env", {}))
        target = sides[case.get("side", "client")](binary_path=req["standin"], **case["client"])
        try:
            getattr(target, case["method"])(*case.get("args", []), **case.get("kwargs", {}))
            out.append({"error": None})
        except Exception as exc:  # noqa: BLE001 - output parsing of the stand-in may fail
            out.append({"error": f"{type(exc).__name__}: {str(exc)[:300]}"})
    return out


def task_methods(_req: dict[str, Any]) -> dict[str, list[str]]:
    import inspect

    import dagster as dg
    from dagster_rocky import RockyResource
    from pydantic import BaseModel
    from rocky_sdk import RockyClient

    def public(cls: type, own: type) -> list[str]:
        names = []
        for name, member in inspect.getmembers(cls):
            if name.startswith("_") or not callable(member):
                continue
            # Only the class's own API: not what Dagster's ConfigurableResource or pydantic give.
            mine = cls.__mro__[: cls.__mro__.index(own)]
            if not any(name in vars(k) for k in mine) or hasattr(BaseModel, name):
                continue
            names.append(name)
        return sorted(names)

    def params(cls: type, names: list[str]) -> dict[str, list[str]]:
        return {
            name: [
                p
                for p in inspect.signature(getattr(cls, name)).parameters
                if p not in ("self", "cls")
            ]
            for name in names
        }

    client = public(RockyClient, object)
    resource = public(RockyResource, dg.ConfigurableResource)
    return {
        "client": client,
        "resource": resource,
        "params": {"client": params(RockyClient, client), "resource": params(RockyResource, resource)},
    }


def _shape(value: Any) -> Any:
    """What the outputs differential compares of one top-level field."""
    if isinstance(value, list):
        return {"length": len(value)}
    if isinstance(value, dict):
        return "object"
    return value


# How each method parses stdout (rocky_sdk/client.py): the pydantic model it validates with, by
# method and, where the method picks the model from its arguments, by variant.
def _models() -> dict[str, Any]:
    from rocky_sdk import types as t

    return {
        "plan": t.PlanResult,
        "discover": t.DiscoverResult,
        "state": t.StateResult,
        "doctor": t.DoctorResult,
        "compile": t.CompileResult,
        "test": t.TestResult,
        "resume_run": t.RunResult,
        "run_model": t.RunResult,
        "lineage": t.ModelLineageResult,
        "lineage/column": t.ColumnLineageResult,
        "catalog": t.CatalogOutput,
        "dag": t.DagResult,
        "history": t.HistoryResult,
        "history/model": t.ModelHistoryResult,
        "metrics": t.MetricsResult,
        "optimize": t.OptimizeResult,
        "cost": t.CostOutput,
        "ci": t.CiResult,
        "compliance": t.ComplianceOutput,
        "retention_status": t.RetentionStatusOutput,
        "review_status": t.ReviewStatusOutput,
        "validate_migration": t.ValidateMigrationResult,
        "test_adapter": t.ConformanceResult,
        "ai": t.AiResult,
        "ai_sync": t.AiSyncResult,
        "ai_explain": t.AiExplainResult,
        "ai_test": t.AiTestResult,
        "ai_contract": t.AiContractOutput,
        "branch_approve": t.ApproveOutput,
        "branch_promote": t.BranchPromoteOutput,
        "plan_promote": t.PromotePlan,
        "product_verify": t.ProductVerifyOutput,
        "product_compile": t.ProductCompileOutput,
        "product_approve": t.ProductApproveOutput,
        "product_status": t.ProductStatusOutput,
    }


def task_outputs(req: dict[str, Any]) -> list[dict[str, Any]]:
    from rocky_sdk import client as c

    models = _models()
    out = []
    for doc in req["docs"]:
        method, variant, text = doc["method"], doc.get("variant"), doc["text"]
        key = f"{method}/{variant}" if variant else method
        try:
            if method == "run":
                parsed: Any = c._parse_run_or_apply(text, command="run")
            elif method == "apply":
                parsed = c._parse_apply(text)
            elif method in ("hooks_list", "hooks_test"):
                # Both return rocky's stdout as text; what a caller reads is that text's JSON.
                parsed = json.loads(text)
            else:
                parsed = c._parse_rocky_json(text, models[key], command=method)
            dumped = (
                parsed.model_dump(mode="json", by_alias=True)
                if hasattr(parsed, "model_dump")
                else parsed
            )
            raw = json.loads(text)
            out.append(
                {
                    "ok": True,
                    "model": type(parsed).__name__,
                    "summary": {
                        k: (_shape(dumped[k]) if k in dumped else "(absent)") for k in raw
                    },
                }
            )
        except Exception as exc:  # noqa: BLE001 - a rejection is the answer
            detail = getattr(exc, "parse_error", None) or exc.__cause__
            out.append(
                {
                    "ok": False,
                    "error": f"{type(exc).__name__}: {str(exc)[:300]}",
                    "detail": str(detail)[:1500] if detail is not None else None,
                }
            )
    return out


def main() -> None:
    task = sys.argv[1]
    req = json.load(sys.stdin)
    res = {
        "branch": task_branch,
        "argv": task_argv,
        "methods": task_methods,
        "outputs": task_outputs,
    }[task](req)
    json.dump(res, sys.stdout)


if __name__ == "__main__":
    main()
