/**
 * What the chaos runner, the desk and the bot see of a running lab, whatever runs it:
 * local processes (local/) or Kubernetes (later). Names and shapes follow kubectl's so the
 * investigator's kubectl_* tools read the same on both.
 */
export type PodPhase = 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'CrashLoopBackOff' | 'Terminating';

export interface PodSummary {
  /** kube-like: `<deployable>-<config hash>-<suffix>`, new on every start. */
  name: string;
  deployable: string;
  status: PodPhase;
  ready: boolean;
  restarts: number;
  /** When the current process started. */
  startedAt: string | undefined;
  pid: number | undefined;
  port: number | undefined;
  /** 1, or 0 after a scale-down (no process, none restarted). */
  replicas: number;
}

export interface PodDetail extends PodSummary {
  command: string[];
  /** Environment with secrets redacted. */
  env: Record<string, string>;
  configFile: string | undefined;
  lastExit: { code: number | null; signal: string | null; at: string } | undefined;
  rssBytes: number | undefined;
  events: LabEvent[];
}

export type EventReason = 'Started' | 'Ready' | 'Exited' | 'Restarted' | 'BackOff' | 'CrashLoop' | 'ConfigApplied' | 'Deployed' | 'Stopped' | 'Unhealthy' | 'Scaled';

export interface LabEvent {
  at: string;
  deployable: string;
  pod: string;
  reason: EventReason;
  type: 'Normal' | 'Warning';
  message: string;
}

export interface LogQuery {
  tail?: number;
  /** Only lines written at or after this time (ISO string or epoch ms). */
  since?: string | number;
}

export interface Runtime {
  listPods(): Promise<PodSummary[]>;
  describePod(nameOrDeployable: string): Promise<PodDetail>;
  events(filter?: { deployable?: string; since?: string }): Promise<LabEvent[]>;
  logs(nameOrDeployable: string, query?: LogQuery): Promise<string[]>;
  /** Stops the deployable's process and starts a new one (a rollout restart). */
  restart(deployable: string): Promise<PodSummary>;
  /** Applies a new deploy config (YAML text) to the deployable and rolls it; `release` is the version tag it then runs. */
  deploy(deployable: string, config: { file: string; content: string; release?: string }): Promise<PodSummary>;
  /** `kubectl scale --replicas`: 0 stops the deployable (and keeps it stopped), 1 starts it again. */
  scale(deployable: string, replicas: number): Promise<PodSummary>;
}

export class RuntimeError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'RuntimeError';
    this.code = code;
  }
}
