#!/usr/bin/env -S node --max-semi-space-size=2
/**
 * `voxelkit-haxby`: the executable. Everything happens in {@link main}; this file only hands it
 * the process's arguments and sets the exit code.
 *
 * The `#!` line gives Node a 2 MB young generation (V8's default grows it to 16–32 MB): the app
 * streams a 4-D file through small buffers, so a small nursery costs no time and keeps the peak
 * RSS of the full-size run at ~185 MB instead of ~210 MB. `npm start` and the benches read the
 * flags from this line, so every way of starting the app runs with them.
 *
 * @module
 */
import { main } from './program.js';

process.exitCode = await main(process.argv.slice(2));
