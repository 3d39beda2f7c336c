import { join } from 'node:path';
import { deployables } from '../deployables.js';
import { runChaos } from './chaos.js';
import { callTool, coachMode, listTools, parseDeskArgs, serveMcpStdio } from './desk.js';
import { listDeploys, parseDeployArgs, runDeploy } from './deploy.js';
import { runGameCommand } from './game.js';
import { parseSlackArgs, slackDoctor } from './slack.js';
import { runReport } from './report.js';
import { distPath, packageVersion, repoRoot } from '../paths.js';
import { commandHelp, usage } from './help.js';
import { labStatus, labStop, parseLabArgs, runLab } from './lab.js';
import { CliError, resolveStart, runForeground } from './start.js';

const root = repoRoot();
const version = packageVersion(root);
const [command, ...rest] = process.argv.slice(2);

async function run(): Promise<number> {
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    const topic = rest[0];
    process.stdout.write(topic && commandHelp[topic] ? commandHelp[topic] : usage(version));
    return 0;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(commandHelp[command] ?? usage(version));
    return 0;
  }
  switch (command) {
    case 'version':
    case '--version':
    case '-v':
      process.stdout.write(`${version}\n`);
      return 0;
    case 'services':
      for (const d of deployables) {
        process.stdout.write(`${d.name.padEnd(12)} port ${d.port}  node ${distPath(root, d.entry)}\n    ${d.summary}\n`);
      }
      return 0;
    case 'start':
      return runForeground(process, resolveStart({ root, service: rest[0], env: process.env }));
    case 'lab': {
      const sub = rest[0] === 'status' || rest[0] === 'stop' ? rest[0] : undefined;
      const args = parseLabArgs(root, sub ? rest.slice(1) : rest);
      if (sub === 'status') return labStatus(process, args.stateDir);
      if (sub === 'stop') return labStop(process, args.stateDir);
      return runLab(process, root, args);
    }
    case 'deploy':
      return runDeploy(process, parseDeployArgs(join(root, '.firedrill'), rest));
    case 'deploys': {
      const args = parseDeployArgs(join(root, '.firedrill'), rest);
      return listDeploys(process, args.stateDir, args.service);
    }
    case 'chaos':
      return runChaos(process, root, rest, join(root, '.firedrill'));
    case 'game':
      return runGameCommand(process, root, version, rest);
    case 'tools':
      return listTools(process, parseDeskArgs(join(root, '.firedrill'), process.env, rest));
    case 'tool':
      return callTool(process, parseDeskArgs(join(root, '.firedrill'), process.env, rest));
    case 'mcp':
      return serveMcpStdio(process, parseDeskArgs(join(root, '.firedrill'), process.env, rest), version);
    case 'report':
      return runReport(process, rest, join(root, '.firedrill'));
    case 'coach':
      return coachMode(process, parseDeskArgs(join(root, '.firedrill'), process.env, rest));
    case 'slack': {
      if (rest[0] !== 'doctor') throw new CliError(`slack: unknown subcommand "${rest[0] ?? ''}"; try \`npx firedrill slack doctor\``);
      return slackDoctor(process, root, parseSlackArgs(join(root, '.firedrill'), rest.slice(1)));
    }
    default:
      throw new CliError(`unknown command "${command}"; run \`npx firedrill --help\``);
  }
}

try {
  process.exitCode = await run();
} catch (err) {
  if (err instanceof CliError) {
    process.stderr.write(`firedrill: ${err.message}\n`);
    process.exitCode = 2;
  } else {
    throw err;
  }
}
