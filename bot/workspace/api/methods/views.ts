import type { MethodDef } from '../method.js';

export const viewMethods: MethodDef[] = [];
