#!/usr/bin/env -S node --max-semi-space-size=64
// Entry point of the `storyline` command: TypeScript sources run through tsx's loader, so there
// is no build step between editing a file and running it.
import { register } from "tsx/esm/api";

register();
await import("../src/cli/main.ts");
