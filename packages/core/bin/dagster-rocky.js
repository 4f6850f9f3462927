#!/usr/bin/env node
// The installed `dagster-rocky` command. A committed file (not dist/) so that a
// fresh `pnpm install` can link the bin before the first build.
await import("../dist/cli.js");
