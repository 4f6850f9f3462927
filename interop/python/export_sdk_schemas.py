"""Exports the output models of rocky-sdk 0.29.0 for the verbs the 1.71 engine contract lacks.

Usage: python export_sdk_schemas.py            -> {"<name>": <JSON Schema>, ...} on stdout
       python export_sdk_schemas.py --write DIR -> DIR/<name>.schema.json, one per model

rocky-sdk generates its pydantic models (rocky_sdk/types_generated/*_schema.py) from the JSON
Schemas of engines 1.72-1.77 with datamodel-codegen, which writes each field's description as an
attribute docstring. pydantic's model_json_schema() does not read those docstrings, so they are
put back here as the `description` of each property (the model and enum descriptions are already
in the output). Nothing else is changed: the files are model_json_schema() as pydantic gives it.
"""

import ast
import inspect
import json
import sys
from importlib import import_module
from importlib.metadata import version
from pathlib import Path
from typing import Any

SDK_VERSION = "0.29.0"

# Engine schema name (the file rocky-sdk's module was generated from) -> (module, model).
# The models RockyClient parses the 11 newer verbs' output with (rocky_sdk/client.py);
# run_cli prints text and validate_governance_override returns nothing, so they have none.
MODELS: dict[str, tuple[str, str]] = {
    "cost_by_product": ("cost_by_product_schema", "ProductMonthCostOutput"),
    "freshness": ("freshness_schema", "FreshnessOutput"),
    "package_add": ("package_add_schema", "PackageAddOutput"),
    "package_list": ("package_list_schema", "PackageListOutput"),
    "package_remove": ("package_remove_schema", "PackageRemoveOutput"),
    "package_update": ("package_update_schema", "PackageUpdateOutput"),
    "product_journal": ("product_journal_schema", "ProductJournalOutput"),
    "product_list": ("product_list_schema", "ProductListOutput"),
    "profile": ("profile_schema", "ProfileOutput"),
    "schedule_spool": ("schedule_spool_schema", "ScheduleSpoolOutput"),
    "state_reconcile_watermark": ("state_reconcile_watermark_schema", "ReconcileWatermarkOutput"),
}


def attribute_docstrings(module: Any) -> dict[str, dict[str, str]]:
    """class name -> field name -> the string literal that follows the field's annotation."""
    tree = ast.parse(inspect.getsource(module))
    docs: dict[str, dict[str, str]] = {}
    for node in tree.body:
        if not isinstance(node, ast.ClassDef):
            continue
        fields: dict[str, str] = {}
        body = node.body
        for stmt, after in zip(body, body[1:]):
            if (
                isinstance(stmt, ast.AnnAssign)
                and isinstance(stmt.target, ast.Name)
                and isinstance(after, ast.Expr)
                and isinstance(after.value, ast.Constant)
                and isinstance(after.value.value, str)
            ):
                fields[stmt.target.id] = inspect.cleandoc(after.value.value)
        docs[node.name] = fields
    return docs


def describe(schema: dict[str, Any], model: Any, docs: dict[str, dict[str, str]]) -> None:
    """Adds each documented field's docstring as its property's description (by alias)."""
    for name, field in model.model_fields.items():
        doc = docs.get(model.__name__, {}).get(name)
        prop = schema.get("properties", {}).get(field.alias or name)
        if doc and prop is not None and "description" not in prop:
            prop["description"] = doc


def export(name: str) -> dict[str, Any]:
    module_name, model_name = MODELS[name]
    module = import_module(f"rocky_sdk.types_generated.{module_name}")
    model = getattr(module, model_name)
    schema = model.model_json_schema()
    docs = attribute_docstrings(module)
    describe(schema, model, docs)
    for def_name, definition in schema.get("$defs", {}).items():
        cls = getattr(module, def_name, None)
        if cls is not None and hasattr(cls, "model_fields"):
            describe(definition, cls, docs)
    return schema


def main() -> None:
    installed = version("rocky-sdk")
    if installed != SDK_VERSION:
        sys.exit(f"export_sdk_schemas: rocky-sdk {installed} installed, {SDK_VERSION} expected")
    schemas = {name: export(name) for name in sorted(MODELS)}
    if sys.argv[1:2] == ["--write"]:
        out = Path(sys.argv[2])
        out.mkdir(parents=True, exist_ok=True)
        for name, schema in schemas.items():
            text = json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
            (out / f"{name}.schema.json").write_text(text, encoding="utf-8")
    else:
        json.dump(schemas, sys.stdout, indent=2, ensure_ascii=False)


if __name__ == "__main__":
    main()
