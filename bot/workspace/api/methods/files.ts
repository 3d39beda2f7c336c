import type { MethodDef } from '../method.js';

export const fileMethods: MethodDef[] = [];
