#!/usr/bin/env node
// The installed `rocky-sim` command. A committed file (not dist/) so that a
// fresh `pnpm install` can link the bin before the first build.
await import("../dist/bin/rocky-sim.js");
