import { join } from 'node:path';
import { deployables } from '../deployables.js';
import { distPath, packageVersion, repoRoot } from '../paths.js';
import { commandHelp, usage } from './help.js';
import { labStatus, labStop, parseLabArgs, runLab } from './lab.js';
import { CliError, resolveStart, runForeground } from './start.js';

// Commands are imported when run: `firedrill lab` stays the lab's supervisor for hours, and
// the MCP SDK, the Slack client and the game code it never runs would be resident all along.
const desk = () => import('./desk.js');
const deploys = () => import('./deploy.js');

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
    case 'deploy': {
      const { runDeploy, parseDeployArgs } = await deploys();
      return runDeploy(process, parseDeployArgs(join(root, '.firedrill'), rest));
    }
    case 'deploys': {
      const { listDeploys, parseDeployArgs } = await deploys();
      const args = parseDeployArgs(join(root, '.firedrill'), rest);
      return listDeploys(process, args.stateDir, args.service);
    }
    case 'chaos':
      return (await import('./chaos.js')).runChaos(process, root, rest, join(root, '.firedrill'));
    case 'game':
      return (await import('./game.js')).runGameCommand(process, root, version, rest);
    case 'tools': {
      const { listTools, parseDeskArgs } = await desk();
      return listTools(process, parseDeskArgs(join(root, '.firedrill'), process.env, rest));
    }
    case 'tool': {
      const { callTool, parseDeskArgs } = await desk();
      return callTool(process, parseDeskArgs(join(root, '.firedrill'), process.env, rest));
    }
    case 'mcp': {
      const { serveMcpStdio, parseDeskArgs } = await desk();
      return serveMcpStdio(process, parseDeskArgs(join(root, '.firedrill'), process.env, rest), version);
    }
    case 'report':
      return (await import('./report.js')).runReport(process, rest, join(root, '.firedrill'));
    case 'coach': {
      const { coachMode, parseDeskArgs } = await desk();
      return coachMode(process, parseDeskArgs(join(root, '.firedrill'), process.env, rest));
    }
    case 'slack': {
      if (rest[0] !== 'doctor') throw new CliError(`slack: unknown subcommand "${rest[0] ?? ''}"; try \`npx firedrill slack doctor\``);
      const { parseSlackArgs, slackDoctor } = await import('./slack.js');
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
