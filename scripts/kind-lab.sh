#!/usr/bin/env bash
# The lab on Kubernetes with kind (k8s/README.md):
#   scripts/kind-lab.sh up      create the cluster, build and load the image, apply, wait, print URLs
#   scripts/kind-lab.sh down    delete the cluster
#   scripts/kind-lab.sh chaos   inject SCENARIO (storefront-offline) with the runner as a Job, in the
#                               foreground; Ctrl-C ends the game and undoes it
#   scripts/kind-lab.sh game …  a game command (start, status, end, list, run) inside the cluster
#   scripts/kind-lab.sh e2e     inject storefront-offline with the chaos runner in the cluster and
#                               wait for the storefront's breaker to open
# TEAMS=<n> gives each team its own namespace firedrill-team<i> (scripts/kind-teams.sh).
# SLACK_BOT_TOKEN, SLACK_APP_TOKEN, SLACK_SIGNING_SECRET, SLACK_API_URL in the environment go
# into the Secret firedrill-slack; without them the bot plays in the local workspace.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CLUSTER=firedrill
IMAGE=firedrill:dev
TEAMS="${TEAMS:-0}"
ROLLOUT_TIMEOUT="${ROLLOUT_TIMEOUT:-300s}"
KUSTOMIZE=(kubectl kustomize --load-restrictor LoadRestrictionsNone)

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
die() { echo "kind-lab: $*" >&2; exit 1; }

# Every missing tool named at once, each with how to get it.
check_tools() {
  local missing=()
  command -v docker >/dev/null || missing+=("docker   https://docs.docker.com/engine/install/ (or: apt-get install docker.io)")
  command -v kind >/dev/null || missing+=("kind     https://kind.sigs.k8s.io/docs/user/quick-start/#installation (or: go install sigs.k8s.io/kind@v0.24.0)")
  command -v kubectl >/dev/null || missing+=("kubectl  https://kubernetes.io/docs/tasks/tools/ (needs 1.27+, for kustomize 5)")
  if ((${#missing[@]} > 0)); then
    echo "kind-lab: missing tools:" >&2
    printf '  %s\n' "${missing[@]}" >&2
    exit 1
  fi
  docker info >/dev/null 2>&1 || die "docker is installed but its engine does not answer (docker info failed); start Docker, or add yourself to the docker group"
}

check_teams() {
  [[ "$TEAMS" =~ ^[0-9]+$ ]] && ((TEAMS <= 20)) || die "TEAMS must be a number from 0 to 20 (got '$TEAMS')"
}

namespaces() {
  if ((TEAMS > 0)); then
    for ((i = 1; i <= TEAMS; i++)); do echo "firedrill-team$i"; done
  else
    echo firedrill
  fi
}

render() {
  if ((TEAMS > 0)); then "$ROOT/scripts/kind-teams.sh" render "$TEAMS"; else "${KUSTOMIZE[@]}" "$ROOT/k8s/overlays/kind"; fi
}

create_cluster() {
  if kind get clusters 2>/dev/null | grep -qx "$CLUSTER"; then
    say "cluster $CLUSTER exists (make lab-down first to change its port mappings)"
    return
  fi
  say "creating kind cluster $CLUSTER"
  if ((TEAMS > 0)); then
    { cat "$ROOT/k8s/kind.yaml"; "$ROOT/scripts/kind-teams.sh" ports "$TEAMS"; } | kind create cluster --name "$CLUSTER" --config -
  else
    kind create cluster --name "$CLUSTER" --config "$ROOT/k8s/kind.yaml"
  fi
}

# The Secret exists only when a real workspace is configured; the bot's secretKeyRefs are optional.
apply_slack_secret() {
  local ns=$1 args=() key
  for key in SLACK_BOT_TOKEN SLACK_APP_TOKEN SLACK_SIGNING_SECRET SLACK_API_URL; do
    if [[ -n "${!key:-}" ]]; then args+=("--from-literal=$key=${!key}"); fi
  done
  if ((${#args[@]} == 0)); then
    kubectl -n "$ns" delete secret firedrill-slack --ignore-not-found >/dev/null
    return
  fi
  kubectl -n "$ns" create secret generic firedrill-slack "${args[@]}" --dry-run=client -o yaml | kubectl apply -f - >/dev/null
  echo "    $ns: Secret firedrill-slack from ${#args[@]} SLACK_* variable(s)"
}

wait_ready() {
  local ns deployments=() d n=0 total
  for ns in $(namespaces); do
    while read -r d; do deployments+=("$ns/$d"); done < <(kubectl -n "$ns" get deployments -o name)
  done
  total=${#deployments[@]}
  say "waiting for $total deployments (up to $ROLLOUT_TIMEOUT each)"
  for d in "${deployments[@]}"; do
    n=$((n + 1))
    printf '[%2d/%d] %s ... ' "$n" "$total" "$d"
    if kubectl -n "${d%%/*}" rollout status "${d#*/}" --timeout="$ROLLOUT_TIMEOUT" >/dev/null; then
      echo ready
    else
      echo "NOT READY"
      kubectl -n "${d%%/*}" get pods -l "app.kubernetes.io/name=${d##*/}" >&2 || true
      die "${d} did not become ready; see kubectl -n ${d%%/*} describe ${d#*/} and kubectl -n ${d%%/*} logs ${d#*/}"
    fi
  done
}

print_urls() {
  say "the lab is up"
  if ((TEAMS > 0)); then
    "$ROOT/scripts/kind-teams.sh" urls "$TEAMS"
  else
    echo "  storefront  http://localhost:8080/"
    echo "  workspace   http://localhost:8088/   (the Slack page)"
    echo "  grafana     http://localhost:3000/"
    echo "  prometheus  http://localhost:9390/"
  fi
  echo "  pods: kubectl -n $(namespaces | head -1) get pods    stop: make lab-down"
}

up() {
  check_tools
  check_teams
  create_cluster
  say "building $IMAGE"
  docker build -t "$IMAGE" "$ROOT"
  say "loading $IMAGE into kind"
  kind load docker-image "$IMAGE" --name "$CLUSTER"
  kubectl config use-context "kind-$CLUSTER" >/dev/null
  say "Slack"
  local ns existing=()
  for ns in $(namespaces); do
    kubectl create namespace "$ns" --dry-run=client -o yaml | kubectl apply -f - >/dev/null
    apply_slack_secret "$ns"
    if [[ -n "$(kubectl -n "$ns" get deployments -o name)" ]]; then existing+=("$ns"); fi
  done
  say "applying manifests"
  render | kubectl apply -f -
  # The tag firedrill:dev is rebuilt on every up and an unchanged template does not roll:
  # restart what was already running so it runs the image just loaded (and the new Secret).
  for ns in ${existing[@]+"${existing[@]}"}; do
    kubectl -n "$ns" rollout restart deployment -l app.kubernetes.io/part-of=firedrill >/dev/null
  done
  wait_ready
  print_urls
}

down() {
  command -v kind >/dev/null || die "kind is not installed: nothing to delete (https://kind.sigs.k8s.io/docs/user/quick-start/#installation)"
  say "deleting kind cluster $CLUSTER"
  kind delete cluster --name "$CLUSTER"
}

# The chaos runner as a Job in the lab's namespace: ServiceAccount chaos-runner, the shared
# state volume (the shop repository and the chaos journal the desk reads), the Kubernetes
# runtime. Stopping it (deleting the Job) makes the runner undo its changes; what it leaves
# behind still carries its expiry, which the desk's sweep honours.
chaos_job() {
  local ns="$1" name="$2" scenario="$3" until="$4"
  kubectl -n "$ns" delete job "$name" --ignore-not-found --wait=true >/dev/null
  kubectl -n "$ns" apply -f - <<JOB
apiVersion: batch/v1
kind: Job
metadata:
  name: $name
  labels: { app.kubernetes.io/name: chaos-runner, app.kubernetes.io/part-of: firedrill, app.kubernetes.io/component: lab }
spec:
  backoffLimit: 0
  template:
    metadata:
      labels: { app.kubernetes.io/name: chaos-runner, app.kubernetes.io/part-of: firedrill, app.kubernetes.io/component: lab }
    spec:
      serviceAccountName: chaos-runner
      restartPolicy: Never
      terminationGracePeriodSeconds: 60
      securityContext: { runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000, fsGroup: 1000 }
      containers:
        - name: chaos-runner
          image: $IMAGE
          imagePullPolicy: IfNotPresent
          command: [node, dist/lab/cli/main.js, chaos, inject, $scenario, --state-dir, /state, --until, $until, --runtime, kubernetes, --namespace, \$(FIREDRILL_K8S_NAMESPACE)]
          env:
            - name: FIREDRILL_K8S_NAMESPACE
              valueFrom: { fieldRef: { fieldPath: metadata.namespace } }
          volumeMounts:
            - { name: state, mountPath: /state }
      volumes:
        - { name: state, persistentVolumeClaim: { claimName: firedrill-state } }
JOB
}

# make chaos CLUSTER=kind: the runner in the cluster, its output here; Ctrl-C ends the game
# and the runner undoes every change before its Job goes.
chaos() {
  check_tools
  local ns scenario="${SCENARIO:-storefront-offline}"
  ns="$(namespaces | head -1)"
  kubectl config use-context "kind-$CLUSTER" >/dev/null || die "no kind cluster $CLUSTER; run make lab-up first"
  say "injecting $scenario in $ns (Ctrl-C ends the game and undoes it)"
  chaos_job "$ns" chaos "$scenario" "${UNTIL:-2h}"
  trap 'say "ending the game"; kubectl -n "$ns" delete job chaos --wait=true >/dev/null 2>&1 || true' EXIT INT TERM
  kubectl -n "$ns" wait --for=condition=Ready pod -l job-name=chaos --timeout=120s >/dev/null || die "the chaos runner did not start (kubectl -n $ns describe job chaos)"
  kubectl -n "$ns" logs -f job/chaos
}

# Game commands in the cluster: run inside the desk's pod, which holds the state volume (the
# journal, the runs, the reports), against the namespace's Services and the Kubernetes API;
# a game's chaos runner is started there too. `game run --agent-cmd` runs the agent in that
# pod (the reference agent ships in the image).
game() {
  command -v kubectl >/dev/null || die "kubectl is missing (https://kubernetes.io/docs/tasks/tools/)"
  local ns tty=()
  ns="$(namespaces | head -1)"
  kubectl config use-context "kind-$CLUSTER" >/dev/null || die "no kind cluster $CLUSTER; run make lab-up first"
  [[ -t 0 && -t 1 ]] && tty=(-it)
  kubectl -n "$ns" exec ${tty[@]+"${tty[@]}"} deploy/desk -c desk -- \
    node dist/lab/cli/main.js game "$@" --state-dir /state --runtime kubernetes --namespace "$ns"
}

# The cascade on a real cluster: the chaos runner (ServiceAccount chaos-runner) injects
# storefront-offline; the storefront's breaker must open. The runner's Job is deleted at the
# end, and the runner undoes its changes when it is stopped.
e2e() {
  check_tools
  command -v curl >/dev/null || die "curl is missing (apt-get install curl)"
  local ns prom deadline value
  ns="$(namespaces | head -1)"
  prom="http://localhost:$( ((TEAMS > 0)) && echo 9490 || echo 9390)"
  kubectl config use-context "kind-$CLUSTER" >/dev/null || die "no kind cluster $CLUSTER; run make lab-up first"
  curl -fsS "$prom/-/ready" >/dev/null || die "Prometheus does not answer at $prom; run make lab-up first"
  say "injecting storefront-offline in $ns"
  chaos_job "$ns" chaos-e2e storefront-offline 15m
  trap 'kubectl -n "$ns" delete job chaos-e2e --ignore-not-found --wait=true >/dev/null 2>&1 || true' EXIT
  say "waiting for the storefront's breaker to open (up to 10 minutes)"
  deadline=$((SECONDS + 600))
  while ((SECONDS < deadline)); do
    if [[ "$(kubectl -n "$ns" get job chaos-e2e -o jsonpath='{.status.failed}')" == "1" ]]; then
      kubectl -n "$ns" logs job/chaos-e2e --tail=40 >&2 || true
      die "the chaos runner failed (its log is above)"
    fi
    value="$(curl -fsS --get "$prom/api/v1/query" --data-urlencode 'query=max(storefront_breaker_state{state=~"open|half_open"})' || true)"
    if [[ "$value" =~ \"value\":\[[0-9.]+,\"1\"\] ]]; then
      say "PASS: the storefront's breaker is open after $((600 - (deadline - SECONDS))) s"
      return 0
    fi
    printf '  %3d s: breaker closed; runner: %s\n' "$((600 - (deadline - SECONDS)))" \
      "$(kubectl -n "$ns" logs job/chaos-e2e --tail=1 2>/dev/null || echo starting)"
    sleep 10
  done
  kubectl -n "$ns" logs job/chaos-e2e --tail=40 >&2 || true
  die "FAIL: the breaker did not open within 10 minutes"
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  e2e) e2e ;;
  chaos) chaos ;;
  game) shift; game "$@" ;;
  *) die "usage: scripts/kind-lab.sh up|down|e2e|chaos|game <game args> (TEAMS=<n> for teams; SCENARIO= for chaos)" ;;
esac
