#!/usr/bin/env node
/**
 * `voxelkit-haxby`: the executable. Everything happens in {@link main}; this file only hands it
 * the process's arguments and sets the exit code.
 *
 * @module
 */
import { main } from './program.js';

process.exitCode = await main(process.argv.slice(2));
