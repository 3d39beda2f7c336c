import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The datasource every panel names; the lab and the kind cluster provision Prometheus under this uid. */
export const DATASOURCE = { type: 'prometheus', uid: 'firedrill-prometheus' } as const;

export interface DatasourceRef {
  type?: string;
  uid?: string;
}

export interface PanelTarget {
  refId?: string;
  expr?: string;
  datasource?: DatasourceRef;
  [key: string]: unknown;
}

export interface Panel {
  id?: number;
  type: string;
  title: string;
  datasource?: DatasourceRef;
  targets?: PanelTarget[];
  /** Rows keep their collapsed panels here. */
  panels?: Panel[];
  [key: string]: unknown;
}

export interface Annotation {
  name: string;
  datasource?: DatasourceRef;
  expr?: string;
  [key: string]: unknown;
}

export interface Dashboard {
  uid: string;
  title: string;
  schemaVersion: number;
  panels: Panel[];
  templating?: { list: unknown[] };
  annotations?: { list: Annotation[] };
  [key: string]: unknown;
}

export interface DashboardQuery {
  /** The dashboard's title. */
  dashboard: string;
  uid: string;
  /** The panel's title, or `annotation: <name>` for an annotation query. */
  panel: string;
  /** The PromQL as Prometheus receives it, Grafana's variables substituted. */
  expr: string;
}

const here = dirname(fileURLToPath(import.meta.url));

/**
 * What Grafana would put in place of its built-in variables, for querying Prometheus
 * directly. `$__rate_interval` is at least four scrape intervals; 1m covers the lab's 1 s
 * and the kind cluster's 15 s scrapes. `$__range` stands for a one-hour view.
 */
export const GRAFANA_VARIABLES: Readonly<Record<string, string>> = {
  __rate_interval: '1m',
  __interval: '1m',
  __range: '1h',
};

const VARIABLE = /\$\{(\w+)(?::\w+)?\}|\$(\w+)|\[\[(\w+)\]\]/g;

/** Replaces Grafana's built-in variables; any other variable is an error, since only Grafana could resolve it. */
export function substituteVariables(expr: string): string {
  return expr.replace(VARIABLE, (whole, braced: string | undefined, bare: string | undefined, bracketed: string | undefined) => {
    const name = braced ?? bare ?? bracketed ?? '';
    const value = GRAFANA_VARIABLES[name];
    if (value === undefined) throw new Error(`unknown Grafana variable ${whole} in ${JSON.stringify(expr)}`);
    return value;
  });
}

/** The dashboard JSON files in this folder, sorted by name. */
export function dashboardFiles(): string[] {
  return readdirSync(here)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => join(here, f));
}

export function readDashboard(file: string): Dashboard {
  return JSON.parse(readFileSync(file, 'utf8')) as Dashboard;
}

/** Every panel, with the panels folded into rows. */
export function allPanels(dashboard: Dashboard): Panel[] {
  return dashboard.panels.flatMap((p) => [p, ...(p.panels ?? [])]);
}

/** Every PromQL expression of every dashboard (panel targets and annotations), ready for Prometheus. */
export function dashboardQueries(files: readonly string[] = dashboardFiles()): DashboardQuery[] {
  const queries: DashboardQuery[] = [];
  for (const file of files) {
    const d = readDashboard(file);
    const add = (panel: string, expr: string | undefined) => {
      if (expr === undefined || expr.trim() === '') return;
      try {
        queries.push({ dashboard: d.title, uid: d.uid, panel, expr: substituteVariables(expr) });
      } catch (err) {
        throw new Error(`${d.uid} / ${panel}: ${(err as Error).message}`, { cause: err });
      }
    };
    for (const p of allPanels(d)) for (const t of p.targets ?? []) add(p.title, t.expr);
    for (const a of d.annotations?.list ?? []) add(`annotation: ${a.name}`, a.expr);
  }
  return queries;
}
