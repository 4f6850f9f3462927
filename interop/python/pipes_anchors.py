"""dagster-rocky 1.74.0 answering the differential tests of @dagster-rocky/pipes.

Usage: python pipes_anchors.py <task> < request.json > response.json
  partitions  {"cases": [{"direction", "grain", "key"}], "ranges": [{"grain", "start", "end"}]}
              -> {"cases": [{"value"} | {"error"}], "ranges": [[dagster key, ...]]}
              dagster_rocky.partitions.rocky_to_dagster_partition_key /
              dagster_to_rocky_partition_key on each case; the partition keys of
              partitions_def_for_time_interval(grain, start, end) for each range.
  asset_keys  {"discovers": [{"text", "lookups": [[part, ...]], "tables": [str], "models": [str]}],
               "compiles": [text], "dags": [text]}
              -> the translator's keys of every discovered table, rocky's native keys, and what the
              component's `remap`, `_build_table_resolver` and governance model resolver give.
  checks      {"freshness": [...], "compliance": [...], "retention": [...], "contracts": [...],
               "anomalies": [...], "placeholders": [...]} -> the AssetCheckResults (or
              AssetObservations, for retention) dagster-rocky builds from each.
  metadata    {"runs": [text]} -> [{"materializations", "checks"} | {"error"}]
              emit_materializations / emit_check_results on the run as rocky-sdk parses it, plus
              the row_count_anomaly results the component adds (its anomaly resolver over the
              run's own keys): what dagster-rocky reports to Dagster.
"""

import json
import sys
from typing import Any

import dagster as dg


def _md(metadata: Any) -> dict[str, Any]:
    names = {
        "IntMetadataValue": "int",
        "FloatMetadataValue": "float",
        "TextMetadataValue": "text",
        "TimestampMetadataValue": "timestamp",
        "BoolMetadataValue": "bool",
        "JsonMetadataValue": "json",
    }
    out = {}
    for k, v in (metadata or {}).items():
        value = getattr(v, "value", v)
        out[k] = {"type": names.get(type(v).__name__, type(v).__name__), "value": value}
    return out


def _check(r: Any) -> dict[str, Any]:
    return {
        "asset_key": list(r.asset_key.path),
        "check_name": r.check_name,
        "passed": r.passed,
        "severity": r.severity.value,
        "metadata": _md(r.metadata),
    }


def task_partitions(req: dict[str, Any]) -> dict[str, Any]:
    from dagster_rocky import partitions as p

    cases = []
    for case in req["cases"]:
        fn = (
            p.rocky_to_dagster_partition_key
            if case["direction"] == "rocky-to-dagster"
            else p.dagster_to_rocky_partition_key
        )
        try:
            cases.append({"value": fn(case["grain"], case["key"])})
        except Exception as exc:  # noqa: BLE001 - the refusal is the answer
            cases.append({"error": type(exc).__name__})
    ranges = []
    for r in req["ranges"]:
        d = p.partitions_def_for_time_interval(
            granularity=r["grain"], first_partition=r["start"], end_date=r["end"]
        )
        ranges.append(d.get_partition_keys())
    return {"cases": cases, "ranges": ranges}


def _key_map(discover: Any) -> dict[tuple[str, ...], dg.AssetKey]:
    """The component's rocky key -> Dagster key, every group merged (the first group wins)."""
    from dagster_rocky.component import _build_group_contexts
    from dagster_rocky.translator import RockyDagsterTranslator

    merged: dict[tuple[str, ...], dg.AssetKey] = {}
    for group in _build_group_contexts(discover, RockyDagsterTranslator()):
        for native, key in group.rocky_key_to_dagster_key.items():
            merged.setdefault(native, key)
    return merged


def task_asset_keys(req: dict[str, Any]) -> dict[str, Any]:
    from dagster_rocky.component import _build_table_resolver, _native_rocky_key
    from dagster_rocky.translator import RockyDagsterTranslator
    from rocky_sdk import types as t

    tr = RockyDagsterTranslator()
    discovers = []
    for d in req["discovers"]:
        discover = t.DiscoverResult.model_validate_json(d["text"])
        key_map = _key_map(discover)
        selected = set(key_map.values())
        resolve_table = _build_table_resolver(key_map, selected)
        model_to_key = {tup[-1]: key for tup, key in key_map.items() if tup}
        discovers.append(
            {
                "tables": [
                    {
                        "translator": list(tr.get_asset_key(s, tbl).path),
                        "native": list(_native_rocky_key(s, tbl.name)),
                        "group": tr.get_group_name(s),
                    }
                    for s in discover.sources
                    for tbl in s.tables
                ],
                # _emit_results's remap: the map, else rocky's key unchanged.
                "lookups": [
                    list(key_map.get(tuple(k), dg.AssetKey(k)).path) for k in d["lookups"]
                ],
                "table_ids": [
                    (lambda key: list(key.path) if key is not None else None)(resolve_table(i))
                    for i in d["tables"]
                ],
                "models": [
                    (lambda key: list(key.path) if key is not None else None)(model_to_key.get(m))
                    for m in d["models"]
                ],
            }
        )
    compiles = []
    for text in req["compiles"]:
        compiled = t.CompileResult.model_validate_json(text)
        compiles.append(
            [
                {"name": m.name, "key": list(tr.get_model_asset_key(m).path)}
                for m in compiled.models_detail
            ]
        )
    dags = []
    for text in req["dags"]:
        dag = t.DagResult.model_validate_json(text)
        dags.append(
            [{"id": n.id, "key": list(tr.get_dag_node_asset_key(n).path)} for n in dag.nodes]
        )
    return {"discovers": discovers, "compiles": compiles, "dags": dags}


def _resolver(mapping: dict[str, list[str]]):
    def resolve(name: str) -> dg.AssetKey | None:
        key = mapping.get(name)
        return dg.AssetKey(key) if key is not None else None

    return resolve


def task_checks(req: dict[str, Any]) -> dict[str, Any]:
    from dagster_rocky.component import _build_table_resolver, _emit_placeholder_checks
    from dagster_rocky.contracts import ContractRules, contract_check_results_from_diagnostics
    from dagster_rocky.freshness import freshness_check_results
    from dagster_rocky.observability import (
        anomaly_check_results,
        anomaly_evaluation_results,
        compliance_check_results,
        retention_observations,
    )
    from rocky_sdk import client as sdk_client
    from rocky_sdk import types as t

    out: dict[str, Any] = {}
    out["freshness"] = [
        [_check(r) for r in freshness_check_results(t.FreshnessOutput.model_validate(c["output"]))]
        for c in req["freshness"]
    ]
    out["compliance"] = [
        [
            _check(r)
            for r in compliance_check_results(
                t.ComplianceOutput.model_validate(c["output"]), key_resolver=_resolver(c["models"])
            )
        ]
        for c in req["compliance"]
    ]
    out["retention"] = [
        [
            {"asset_key": list(o.asset_key.path), "description": o.description, "metadata": _md(o.metadata)}
            for o in retention_observations(
                t.RetentionStatusOutput.model_validate(c["output"]),
                key_resolver=_resolver(c["models"]),
            )
        ]
        for c in req["retention"]
    ]
    contracts = []
    for c in req["contracts"]:
        diagnostics = (
            None
            if c["diagnostics"] is None
            else [t.Diagnostic.model_validate(d) for d in c["diagnostics"]]
        )
        rules = ContractRules(
            has_required=c["rules"]["hasRequired"],
            has_protected=c["rules"]["hasProtected"],
            has_column_constraints=c["rules"]["hasColumnConstraints"],
        )
        contracts.append(
            [
                _check(r)
                for r in contract_check_results_from_diagnostics(
                    diagnostics, asset_key=dg.AssetKey(c["asset_key"]), model_name=c["model"], rules=rules
                )
            ]
        )
    out["contracts"] = contracts
    anomalies = []
    for c in req["anomalies"]:
        run = sdk_client._parse_run_or_apply(json.dumps(c["run"]), command="run")
        key_map = {tuple(k): dg.AssetKey(k) for k in c["keys"]}
        resolve = _build_table_resolver(key_map, set(key_map.values()))
        seen: set[Any] = set()
        got = []
        for r in [*anomaly_check_results(run, key_resolver=resolve), *anomaly_evaluation_results(run, key_resolver=resolve)]:
            if r.asset_key in seen:
                continue
            seen.add(r.asset_key)
            got.append(_check(r))
        anomalies.append(got)
    out["anomalies"] = anomalies
    placeholders = []
    for c in req["placeholders"]:
        specs = [dg.AssetCheckSpec(name=s["name"], asset=dg.AssetKey(s["asset_key"])) for s in c["specs"]]
        placeholders.append(
            [
                _check(r)
                for r in _emit_placeholder_checks(
                    check_specs=specs,
                    selected_keys={dg.AssetKey(k) for k in c["selected"]},
                    yielded_checks={(dg.AssetKey(k), n) for k, n in c["yielded"]},
                    materialized_keys={dg.AssetKey(k) for k in c["materialized"]},
                    pruned_keys={dg.AssetKey(k) for k in c["pruned"]},
                )
            ]
        )
    out["placeholders"] = placeholders
    return out


def task_metadata(req: dict[str, Any]) -> list[dict[str, Any]]:
    from dagster_rocky.checks import emit_check_results, emit_materializations
    from dagster_rocky.component import _build_table_resolver
    from dagster_rocky.observability import anomaly_check_results
    from rocky_sdk import client as c

    out = []
    for text in req["runs"]:
        try:
            result = c._parse_run_or_apply(text, command="run")
            mats = emit_materializations(result)
            checks = emit_check_results(result)
            # The component's anomaly results, over the keys this run reported (as a Node step
            # without discover resolves them).
            keys = [m.asset_key for m in result.materializations] + [
                tc.asset_key for tc in result.check_results
            ]
            key_map = {tuple(k): dg.AssetKey(k) for k in keys}
            resolve = _build_table_resolver(key_map, set(key_map.values()))
            taken = {(r.asset_key, r.check_name) for r in checks}
            for r in anomaly_check_results(result, key_resolver=resolve):
                if (r.asset_key, r.check_name) not in taken:
                    taken.add((r.asset_key, r.check_name))
                    checks.append(r)
        except Exception as exc:  # noqa: BLE001
            out.append({"error": f"{type(exc).__name__}: {str(exc)[:500]}"})
            continue
        out.append(
            {
                "materializations": [
                    {"asset_key": "/".join(m.asset_key.path), "metadata": _md(m.metadata)}
                    for m in mats
                ],
                "checks": [
                    {**_check(r), "asset_key": "/".join(r.asset_key.path)} for r in checks
                ],
            }
        )
    return out


def main() -> None:
    task = sys.argv[1]
    req = json.load(sys.stdin)
    res = {
        "partitions": task_partitions,
        "asset_keys": task_asset_keys,
        "checks": task_checks,
        "metadata": task_metadata,
    }[task](req)
    json.dump(res, sys.stdout)


if __name__ == "__main__":
    main()
