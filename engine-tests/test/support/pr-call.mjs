// One RockyResource call as a Dagster+ branch deployment makes it: this process's own
// environment carries the Dagster+ variables (support/pr.ts starts it so), and the resource is
// created without an `env` option, so it reads process.env as a user's would.
// argv[2]: JSON { resource, method, args, logArg }; `logArg` is the index of the options
// argument that receives an onLog collecting rocky's stderr lines. Prints one JSON line.
import { RockyResource } from "@dagster-rocky/resource";

const { resource, method, args, logArg } = JSON.parse(process.argv[2] ?? "{}");
const stderr = [];
const callArgs = [...args];
if (typeof logArg === "number") {
  callArgs[logArg] = { ...(callArgs[logArg] ?? {}), onLog: (line) => stderr.push(line) };
}
const rocky = new RockyResource(resource);
let out;
try {
  const result =
    method === "shadowContext"
      ? rocky.shadowContext(...callArgs)
      : await rocky[method](...callArgs);
  out = { ok: true, result };
} catch (error) {
  out = {
    ok: false,
    error: {
      name: error?.name,
      code: error?.code,
      message: String(error?.message),
      exitCode: error?.exitCode ?? null,
    },
  };
}
process.stdout.write(`${JSON.stringify({ ...out, stderr })}\n`);
