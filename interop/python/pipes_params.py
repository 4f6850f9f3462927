"""Cross-checks bootstrap parameter encoding with Python's dagster_pipes.

stdin: {"decode": [str, ...] (encoded by the Node package), "encode": [value, ...]}
stdout: {"decoded": [value or {"error": str}, ...], "encoded": [str, ...]}
"""

import json
import sys

from dagster_pipes import decode_param, encode_param

request = json.load(sys.stdin)
decoded = []
for text in request["decode"]:
    try:
        decoded.append({"value": decode_param(text)})
    except Exception as exc:  # noqa: BLE001 - the class name is the result
        decoded.append({"error": type(exc).__name__})
json.dump({"decoded": decoded, "encoded": [encode_param(v) for v in request["encode"]]}, sys.stdout)
