#!/usr/bin/env bash
# Teams in one kind cluster (`make lab-up TEAMS=3`): the kind overlay once per team, each in
# its own namespace firedrill-team<i> with its own shop, pager, desk, workspace and Slack
# channel prefix, and its pages on their own NodePorts and host ports.
#
#   scripts/kind-teams.sh render <teams>     every team's manifests, one YAML stream
#   scripts/kind-teams.sh ports <teams>      kind extraPortMappings for the teams' pages
#   scripts/kind-teams.sh urls <teams>       each team's page URLs
#
# Team i's pages: host port = the single lab's port + 100*i (storefront 8080 → 8180 for
# team 1), NodePort = 31000 + 10*i + {0 storefront, 1 workspace, 2 grafana, 3 prometheus}.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
KIND_OVERLAY="$ROOT/k8s/overlays/kind"
# Page name, Service port (= the single lab's host port).
PAGES=(storefront:8080 workspace:8088 grafana:3000 prometheus:9390)

die() { echo "kind-teams: $*" >&2; exit 2; }

teams_arg() {
  local n="${1:-}"
  [[ "$n" =~ ^[1-9][0-9]?$ ]] && (( n <= 20 )) || die "expected a number of teams from 1 to 20 (got '${n}')"
  echo "$n"
}

node_port() { echo $(( 31000 + 10 * $1 + $2 )); }
host_port() { echo $(( $2 + 100 * $1 )); }

# One team's kustomization in a temp dir: the kind overlay with the team's namespace, ports
# and channel prefix. kustomize only takes a relative path to the overlay.
team_kustomization() {
  local i=$1 dir=$2 rel k name port
  rel="$(realpath --relative-to="$dir" "$KIND_OVERLAY")"
  {
    echo "apiVersion: kustomize.config.k8s.io/v1beta1"
    echo "kind: Kustomization"
    echo "namespace: firedrill-team$i"
    echo "resources:"
    echo "  - $rel"
    echo "labels:"
    echo "  - pairs:"
    echo "      firedrill.dev/team: team$i"
    echo "    includeTemplates: true"
    echo "patches:"
    for k in "${!PAGES[@]}"; do
      name="${PAGES[$k]%%:*}"
      echo "  - target: { kind: Service, name: $name }"
      echo "    patch: '[{\"op\": \"replace\", \"path\": \"/spec/ports/0/nodePort\", \"value\": $(node_port "$i" "$k")}]'"
    done
    # Teams sharing one real Slack workspace keep their channels apart by this prefix.
    echo "  - target: { kind: Deployment, name: bot }"
    echo "    patch: '[{\"op\": \"add\", \"path\": \"/spec/template/spec/containers/0/env/-\", \"value\": {\"name\": \"BOT_CHANNEL_PREFIX\", \"value\": \"team$i-\"}}]'"
  } > "$dir/kustomization.yaml"
}

render() {
  local n i tmp
  n="$(teams_arg "${1:-}")"
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' RETURN
  for (( i = 1; i <= n; i++ )); do
    mkdir -p "$tmp/team$i"
    team_kustomization "$i" "$tmp/team$i"
    (( i > 1 )) && echo "---"
    kubectl kustomize --load-restrictor LoadRestrictionsNone "$tmp/team$i"
  done
}

ports() {
  local n i k
  n="$(teams_arg "${1:-}")"
  for (( i = 1; i <= n; i++ )); do
    for k in "${!PAGES[@]}"; do
      echo "      - containerPort: $(node_port "$i" "$k") # team$i ${PAGES[$k]%%:*}"
      echo "        hostPort: $(host_port "$i" "${PAGES[$k]##*:}")"
      echo "        protocol: TCP"
    done
  done
}

urls() {
  local n i k
  n="$(teams_arg "${1:-}")"
  for (( i = 1; i <= n; i++ )); do
    echo "team$i (namespace firedrill-team$i):"
    for k in "${!PAGES[@]}"; do
      printf '  %-11s http://localhost:%s/\n' "${PAGES[$k]%%:*}" "$(host_port "$i" "${PAGES[$k]##*:}")"
    done
  done
}

case "${1:-}" in
  render) render "${2:-}" ;;
  ports) ports "${2:-}" ;;
  urls) urls "${2:-}" ;;
  *) die "usage: scripts/kind-teams.sh render|ports|urls <teams>" ;;
esac
