import type { MethodDef } from '../method.js';

export const searchMethods: MethodDef[] = [];
