/**
 * The `voxelkit-haxby` command line: options (commander), then {@link runTutorial}, the JSON
 * report and an exit code. `main` never exits the process, so tests call it in-process.
 *
 * @module
 */
import { VoxelkitError } from '@voxelkit/core';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { checkOutputs } from './outputs.js';
import type { TextStream } from './progress.js';
import { runTutorial } from './tutorial.js';
import { writeReport } from './write-report.js';

/** Streams `main` writes to (default the process's). */
export interface MainIO {
  stdout?: TextStream;
  stderr?: TextStream;
}

/** Exit codes: 0 success, 1 failure (bad data, paths, download), 2 bad command line. */
export const EXIT_FAILURE = 1;
/** Exit code for an invalid command line. */
export const EXIT_USAGE = 2;

/** The options `voxelkit-haxby` accepts (camelCased by commander). */
export interface CliOptions {
  subjectDir?: string;
  mask?: string;
  dataDir?: string;
  subject: number;
  url?: string;
  synthetic?: boolean;
  out: string;
  json?: string;
  quiet?: boolean;
  nJobs: number;
}

function parseSubject(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 6) {
    throw new InvalidArgumentError('Haxby subjects are numbered 1 to 6.');
  }
  return n;
}

function parseNJobs(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n === 0) {
    throw new InvalidArgumentError('a non-zero integer (1: no workers, -1: one per CPU).');
  }
  return n;
}

function parseUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidArgumentError('not a URL (expected e.g. http://127.0.0.1:8000/haxby2001/).');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InvalidArgumentError('only http and https mirrors are supported.');
  }
  return value;
}

/** Builds the commander program (exposed for the README's option list and for tests). */
export function createProgram(io: Required<MainIO>): Command {
  return new Command()
    .name('voxelkit-haxby')
    .description(
      "nilearn's Haxby 2001 decoding tutorial (face vs cat, linear SVC) with voxelkit: prints each " +
        'step like the Python tutorial, writes the SVM weight image and plots, and optionally a ' +
        'JSON report. With no data option it downloads subject 2 (fetchHaxby); offline it says so ' +
        'and runs on a synthetic Haxby-like dataset.',
    )
    .option(
      '--subject-dir <dir>',
      'run on files already on disk: bold.nii.gz, labels.txt, mask4_vt.nii.gz, optional anat.nii.gz (no network)',
    )
    .option('--mask <file>', 'use this mask instead of mask4_vt.nii.gz')
    .option('--data-dir <dir>', 'data directory for fetchHaxby (default: ~/voxelkit_data)')
    .addOption(
      new Option('--subject <n>', 'Haxby subject to fetch, 1-6').default(2).argParser(parseSubject),
    )
    .option(
      '--url <url>',
      'mirror holding MD5SUMS, the subject tarballs and mask.nii.gz (passed to fetchHaxby)',
      parseUrl,
    )
    .option('--synthetic', 'use the offline synthetic Haxby-like dataset (no network)')
    .option('--out <dir>', 'output directory for the weight image and the plots', './haxby-output')
    .option('--json <file>', 'write the report as JSON to this file')
    .option('-q, --quiet', 'print nothing but errors')
    .addOption(
      new Option(
        '--n-jobs <n>',
        "workers for the 8-category cross-validation (scikit-learn's n_jobs; 1: none, -1: one per CPU)",
      )
        .default(-1)
        .argParser(parseNJobs),
    )
    .showHelpAfterError('(run voxelkit-haxby --help for the options)')
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    })
    .exitOverride();
}

/**
 * Runs `voxelkit-haxby` with the arguments after the program name; resolves to the exit code.
 * Errors are reported as one `voxelkit-haxby: error: …` message on stderr.
 */
export async function main(argv: readonly string[], io: MainIO = {}): Promise<number> {
  const streams = { stdout: io.stdout ?? process.stdout, stderr: io.stderr ?? process.stderr };
  const program = createProgram(streams);
  try {
    program.parse([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? 0 : EXIT_USAGE;
    }
    throw error;
  }
  const options = program.opts<CliOptions>();
  if (program.args.length > 0) {
    streams.stderr.write(
      `voxelkit-haxby: error: unexpected argument ${program.args[0]} (options start with --; see --help)\n`,
    );
    return EXIT_USAGE;
  }
  const fetchOptions = [
    options.synthetic ? '--synthetic' : '',
    options.url !== undefined ? '--url' : '',
    options.dataDir !== undefined ? '--data-dir' : '',
    program.getOptionValueSource('subject') === 'cli' ? '--subject' : '',
  ].filter(Boolean);
  if (options.subjectDir !== undefined && fetchOptions.length > 0) {
    streams.stderr.write(
      `voxelkit-haxby: error: --subject-dir runs on files already on disk; it cannot be combined with ${fetchOptions.join(', ')}.\n`,
    );
    return EXIT_USAGE;
  }
  if (options.synthetic && options.url !== undefined) {
    streams.stderr.write('voxelkit-haxby: error: --synthetic and --url exclude each other.\n');
    return EXIT_USAGE;
  }
  const outputProblem = await checkOutputs(options.out, options.json);
  if (outputProblem !== undefined) {
    streams.stderr.write(`voxelkit-haxby: error: ${outputProblem}\n`);
    return EXIT_USAGE;
  }
  try {
    const report = await runTutorial({
      subjectDir: options.subjectDir,
      mask: options.mask,
      dataDir: options.dataDir,
      subject: options.subject,
      url: options.url,
      synthetic: options.synthetic,
      out: options.out,
      quiet: options.quiet,
      nJobs: options.nJobs,
      stdout: streams.stdout,
      stderr: streams.stderr,
    });
    if (options.json !== undefined) {
      await writeReport(report, options.json);
      if (!options.quiet) streams.stdout.write(`\nWrote the JSON report to ${options.json}\n`);
    }
    return 0;
  } catch (error) {
    const message =
      error instanceof VoxelkitError
        ? error.message
        : `unexpected failure: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
    streams.stderr.write(`\nvoxelkit-haxby: error: ${message}\n`);
    return EXIT_FAILURE;
  }
}
