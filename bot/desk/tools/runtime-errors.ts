import { RuntimeError, type Runtime } from '../../../lab/runtime/runtime.js';
import { ToolError, unknownObject } from '../registry/errors.js';

/**
 * Runs a Runtime call and turns its failures into the desk's errors: an unknown pod or
 * deployable names the field and lists the real ones; a lab that is not running says how to start it.
 */
export async function onRuntime<T>(runtime: Runtime, field: string, value: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (!(err instanceof RuntimeError)) throw err;
    // The local runtime says `unknown_deployable`; the Kubernetes one `not_found` (a 404 from the API).
    if (err.code === 'unknown_deployable' || err.code === 'not_found') {
      const pods = await runtime.listPods().catch(() => []);
      throw unknownObject(field, 'pod', value, pods.flatMap((p) => [p.deployable, p.name]));
    }
    throw runtimeToolError(err);
  }
}

/** A runtime failure in the desk's error model: a lab that is down is `lab_unavailable` everywhere. */
export function runtimeToolError(err: RuntimeError): ToolError {
  if (err.code === 'no_lab') return new ToolError('lab_unavailable', 503, err.message, { cause: err });
  return new ToolError(err.code, 409, err.message, { cause: err });
}
