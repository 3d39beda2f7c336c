import { deployables } from '../deployables.js';

export function usage(version: string): string {
  const services = deployables.map((d) => `    ${d.name.padEnd(12)} :${d.port}  ${d.summary}`).join('\n');
  return `firedrill ${version} — a real-stack incident game-day lab

Usage:
  npx firedrill <command> [options]

Commands:
  lab                 run the local lab in the foreground: Redis, the shop, traffic, pager, workspace, desk, Prometheus, Alertmanager
  lab status          each lab process: pid, port, state, restarts, uptime, RSS
  lab stop            stop a running lab (from another terminal)
  deploy <service>    ship config/<service>.yaml at the shop repository's HEAD to the running lab
  deploys [service]   the deploy run history (id, time, status, service, commit, who, subject)
  chaos list          the scenario packs (chaos/scenarios/<name>/scenario.yaml)
  chaos validate X    check a scenario pack or file; every problem by path
  chaos inject X      inject a scenario into the running lab (foreground; Ctrl-C undoes it)
  chaos status        the last run, its steps and the changes still in place
  chaos reset         undo every chaos change still in place (safe to repeat)
  game start X        a scored game day: archive the last game, reset, inject scenario X (detached)
  game status|end     the running game's clock and activity | score it, reset the lab, record it
  game list           past games with their outcome and score
  game run X --agent-cmd "..."   let an AI agent (MCP on its stdio) play scenario X within a step budget
  tools [--schema]    the investigator's tools on the running desk: names, arguments, descriptions
  tool <name> --json '{...}'   call one tool (journaled as yours); e.g. tool prometheus_query --json '{"query":"up"}'
  mcp                 an MCP server on stdio backed by the running desk (for agents: command "npx firedrill mcp")
  report [list|show NAME|latest]  the graded incident reports (.firedrill/reports)
  coach [MODE]        show or switch the process coach: off, warn (record), enforce (refuse fixes without approval)
  slack doctor        check the Slack workspace the bot uses (real via SLACK_* env, or the lab's local one)
  start <service>     run one deployable in the foreground (Ctrl-C stops it)
  services            list the deployables with their ports and commands
  help [command]      show this help, or a command's
  version             print the version

Deployables:
${services}

Examples:
  npx firedrill start orders              # needs Redis on 127.0.0.1:6390 (ORDERS_REDIS_URL)
  ORDERS_PORT=0 npx firedrill start orders
  npx firedrill start storefront          # calls orders at STOREFRONT_ORDERS_URL

Each service reads <SERVICE>_* environment variables (see services/<name>/README.md);
\`start\` points <SERVICE>_CONFIG_FILE and <SERVICE>_FLAGS_FILE at the shop's seed
config (lab/shop-seed/) unless you set them.

Make targets: run \`make help\`.
`;
}

export const commandHelp: Record<string, string> = {
  report: `Usage: npx firedrill report [list | show <name> | latest] [--state-dir DIR]

The incident reports the desk wrote: one when the investigator submits a report
(\`/drill report\` in Slack, or incident_submit_report over MCP), one when a game ends
without one. Each is .firedrill/reports/<scenario>-<time>.md (to read) and .json (the
same, structured, with the scorecard). \`list\` shows each with its score, \`show\` prints one,
\`latest\` the newest.
`,
  coach: `Usage: npx firedrill coach [off|warn|enforce] [--desk URL]

Shows, or switches, the process coach of the running lab's desk. The coach checks the
process the incident brief asks for before any fix-type tool (deploy_rollback,
featureflags_set, kubectl_rollout_restart): data from two tools first, and a coworker's
approval of the fix in #incidents within the last 15 minutes; before
incident_submit_report, a coworker's confirmation of the theory.
  off      no checks
  warn     the tool runs; the broken rule is journaled and costs score (the default)
  enforce  the tool is refused with the reason and what to do (process_blocked)
The switch is journaled and outlives a desk restart. \`make lab COACH=enforce\` starts a lab
in that mode.
`,
  lab: `Usage: npx firedrill lab [status|stop] [--state-dir DIR] [--port NAME=N ...] [--scrape-interval 5s] [--fast-alerts] [--coach off|warn|enforce]

Runs the local lab in the foreground: Redis (6390), orders (8081), partners (8083),
fulfillment (8082), storefront (8080), seating (8084), the traffic driver (8085), the
pager (8091), the local Slack workspace and its page (8088), the investigator's desk
(8090), the bot playing the coworkers (8092), Alertmanager (9393) and Prometheus (9390), each started after what it
needs and health-gated, with progress. The first start creates the shop repository
(.firedrill/shop) with its history; services run its config and flags.
--fast-alerts uses the test profile: Alertmanager waits of 1 s / 5 s and every alert
rule's \`for:\` thirty times shorter.
--coach sets the process coach: warn (the default) records a fix made without a
coworker's approval in #incidents or data from two tools; enforce refuses it; off.
With SLACK_BOT_TOKEN and SLACK_APP_TOKEN exported the bot plays in that real workspace
(run \`npx firedrill slack doctor\` first); without them, in the local one.
When all are ready it prints the URLs. Ctrl-C (or \`npx firedrill lab stop\`) stops all
of them. A process that dies is restarted with backoff. Logs: .firedrill/logs/<name>.log.
  lab status   one line per process: name, state, pid, port, restarts, uptime, RSS
  lab stop     stop the lab started from another terminal and wait until nothing is left
`,
  deploy: `Usage: npx firedrill deploy <service> [--as NAME] [--state-dir DIR]

Ships config/<service>.yaml at the HEAD of the shop repository (.firedrill/shop, a real
git repository the lab creates on first start) to the running lab: checks it against the
service's config schema first — a config that fails is rejected with every problem and
nothing restarts — then rolls the service and records a deploy run (.firedrill/ci/runs.jsonl)
with its commit, author, status, logs and the version tag it now runs.
Services: storefront, orders, fulfillment, partners, seating.

Flags are not deployed: commit a change to flags.json and every service picks it up
within about 5 seconds, without a restart.

Example:
  cd .firedrill/shop && $EDITOR config/fulfillment.yaml && git commit -am "FUL-160 ..." && cd -
  npx firedrill deploy fulfillment
  npx firedrill deploys fulfillment
`,
  tools: `Usage: npx firedrill tools [--schema] [--desk URL]

Lists the investigator's tools of the running desk (bot/desk, port 8090): name, whether it
changes the lab, the one-line description and the arguments (? = optional). --schema prints
every tool's JSON Schema. The desk is found from the running lab, FIREDRILL_DESK_URL or --desk.
`,
  tool: `Usage: npx firedrill tool <name> [--json '{...}'] [--desk URL]

Calls one desk tool with JSON arguments and prints its JSON result; a bad argument prints the
error naming the field (exit 1). Every call is journaled by the desk (.firedrill/desk/journal.jsonl)
with you as the caller.
Examples:
  npx firedrill tool prometheus_query --json '{"query":"max(storefront_breaker_state{state=\\"open\\"})"}'
  npx firedrill tool git_recent_commits --json '{"service":"fulfillment","limit":5}'
  npx firedrill tool deploy_rollback --json '{"service":"fulfillment","reason":"PERF-812 causes a retry storm"}'
`,
  mcp: `Usage: npx firedrill mcp [--desk URL]

An MCP server on stdio for an AI agent, backed by the running desk: the same tools, the
incident briefing as prompt "incident_briefing" and resource firedrill://briefing. stdout
carries JSON-RPC only. The desk also serves MCP over Streamable HTTP at http://127.0.0.1:8090/mcp.
Agent configuration (e.g. an mcpServers entry):
  { "command": "npx", "args": ["firedrill", "mcp"], "cwd": "<this clone>" }
`,
  chaos: `Usage: npx firedrill chaos list | validate <name|path> | schema | inject <name> [--until 10m] [--ttl 30m] | status | reset

A scenario pack is chaos/scenarios/<name>/scenario.yaml: metadata, the briefing, steady-state
probes, the method (steps of four kinds only: commit-and-deploy as a coworker, flag, load,
noise), the truth, remedies and traps, the impact model and the personas. Its world/ holds
what the desk serves where the lab has no real system: jira.yaml, wiki.yaml, oncall.yaml and
terraform.yaml, with times relative to the lab's clock ("-3d 14:20", "-2h").
  list       every pack with its difficulty, time-to-live and title
  validate   check a pack by name or a scenario.yaml by path, and its world/ files: every
             problem by file and path, with "did you mean" for misspelt flags, settings,
             people, services and fields; exit 2 if invalid
  schema     regenerate chaos/scenario.schema.json (JSON Schema for editors) from the code
  inject     check steady state (refuses an unhealthy lab, naming the probe), then run the
             method at its offsets as the coworkers would — commits and deploys in the shop
             repository, flag commits, load, alerts — and hold the incident until --until or
             the scenario's time-to-live (--ttl shortens it); on Ctrl-C, SIGTERM, an error or the end, undo it all.
             Each change is journalled (.firedrill/chaos/journal.jsonl) before it is made.
  status     the last run, whether its runner is alive, its steps (the facilitator's record:
             offset, step kind, what it touched, why, in place or undone) and the changes
             still in place
  reset      undo every change still in place, by content (safe twice, after a crash, and
             after the investigator fixed it); a runner still holding that game ends too.
             The lab also undoes expired changes itself.
make chaos injects storefront-offline (SCENARIO=<name> for another).
On Kubernetes, inject and reset run in the lab's namespace (a Job or \`kubectl exec\` with the
shared state volume) with --runtime kubernetes --namespace <ns>: changes go through the
Kubernetes API, carry the run's expiry (the desk undoes them when it passes), and a context
other than kind-firedrill is refused unless --context <name> or --allow-other-context.
`,
  game: `Usage: npx firedrill game start <scenario> [--ttl 1h] [--force] [--state-dir DIR]
       npx firedrill game status | end | list [--state-dir DIR]
       npx firedrill game run <scenario> --agent-cmd "<command>" [--agent-name NAME] [--max-steps 100]
                              [--timeout 10m] [--incident-wait 10m] [--ttl 1h] [--force] [--state-dir DIR]

On Kubernetes every game command takes --runtime kubernetes --namespace <ns> and runs inside
the lab's namespace with its state volume (\`scripts/kind-lab.sh game ...\` runs it in the desk's pod).

A game day with a score, on the running lab (\`make lab\`). Games are recorded in
<state-dir>/runs/index.jsonl; each has its folder <state-dir>/runs/<game>/ (chaos.log,
agent.log, scorecard.json, and archive/: the desk journal, the pager's incidents, every
Slack channel's history and the reports written during the game).
  start    archives the previous game, resets the lab (\`chaos reset\`) and waits for steady
           state, then injects the scenario with a detached chaos runner that holds the
           incident until --ttl (default: the scenario's time-to-live). A game still running
           is refused unless --force (it is then recorded as abandoned).
  status   the running game: scenario, time since injection, what the pager has open, the
           investigator's tool calls so far, whether a report came in
  end      scores the game (the submitted report's scorecard, else the desk builds one from
           the journal: POST /game/score), then resets the lab, archives the game and prints
           the report path and the score table
  list     every game: who played, how long, how it ended, steps, score, root cause, mitigated
  run      start, wait until the incident shows (--incident-wait, 0s to skip), then run the
           agent's command with \`sh -c\` in its own process group. The agent is an MCP client
           on its own stdio: the game serves it the desk's tools, the prompt "incident_briefing"
           and the resource firedrill://briefing, journaling its calls as agent:<name> (default:
           the script's or program's name). Call number --max-steps + 1 is answered
           budget_exhausted and ends the run; at --timeout the agent's process group is killed.
           Its environment adds FIREDRILL_BRIEFING, FIREDRILL_DESK_URL, FIREDRILL_RUN (the game
           id) and FIREDRILL_AGENT_NAME. Then the game ends as with \`game end\` and
           <state-dir>/runs/<game>/scorecard.json is written. Exit 0 when the agent finished on
           its own and the game was scored, 1 otherwise (the scorecard is still written).
Examples:
  npx firedrill game start storefront-offline
  npx firedrill game run forgotten-kill-switch --agent-cmd "node dist/lab/game/agents/reference.js" --max-steps 60 --timeout 4m
  npx firedrill game run storefront-offline --agent-cmd "claude -p \"\$FIREDRILL_BRIEFING\" --mcp-config mcp.json"
`,
  slack: `Usage: npx firedrill slack doctor [--mode socket|http] [--channel incidents] [--state-dir DIR]

Checks a Slack workspace the way the bot will use it: auth.test with the bot token, every
bot scope of bot/manifest.yaml, the bot's membership of #incidents, and the app-level
token (Socket Mode: apps.connections.open) or the signing secret (HTTP mode). Each
failure names the fix; exit 1 when any check fails.
  real workspace:  SLACK_BOT_TOKEN=xoxb-... SLACK_APP_TOKEN=xapp-... npx firedrill slack doctor
  local workspace: npx firedrill slack doctor   (reads .firedrill/workspace/credentials.json)
SLACK_API_URL points the checks at another Slack-compatible API (the local one's is
http://127.0.0.1:8088/api/).
`,
  deploys: `Usage: npx firedrill deploys [service] [--state-dir DIR]

Lists deploy runs, newest first, including the history from before the lab started.
`,
  start: `Usage: npx firedrill start <service>

Runs one deployable from dist/ in the foreground as a child process and forwards
Ctrl-C / SIGTERM to it, so it drains in-flight requests before exiting.
Environment: <SERVICE>_PORT, <SERVICE>_HOST, <SERVICE>_LOG_LEVEL, <SERVICE>_CONFIG_FILE,
<SERVICE>_FLAGS_FILE, <SERVICE>_OTLP_ENDPOINT, <SERVICE>_ERROR_REPORT_URL, and the
service's own (services/<name>/README.md).
`,
  services: `Usage: npx firedrill services

Lists every deployable with its default port and the command that starts it.
`,
};
