import type { MethodDef } from '../method.js';

export const reactionMethods: MethodDef[] = [];
