import { z } from 'zod';
import { addressOf, type TerraformResource } from '../../../chaos/scenario/world-schema.js';
import { defineTool, type Tool } from '../registry/tool.js';
import type { DeskSources } from '../sources.js';
import { capped, limitArg } from './bounded.js';
import { unknownName } from './shop.js';
import { createWorldSource, findName, type WorldView } from './world.js';

const ROOT = 'root';
const SUMMARY_CAP = 100;

const moduleOf = (r: TerraformResource) => r.module ?? ROOT;

function changeOf(r: TerraformResource) {
  return r.change ? { by: r.change.by, ticket: r.change.ticket ?? null, note: r.change.note, before: r.change.before } : null;
}

/** A resource's line in a listing: enough to spot what changed and when. */
function line(v: WorldView, r: TerraformResource) {
  return { address: addressOf(r), type: r.type, module: moduleOf(r), changed_at: v.at(r.changed_at), change: r.change ? r.change.note : null };
}

/** Most recently changed first, so this week's apply leads. */
const byChange = (v: WorldView) => (a: TerraformResource, b: TerraformResource) => v.at(b.changed_at).localeCompare(v.at(a.changed_at));

export function createTerraformTools(sources: Pick<DeskSources, 'root' | 'stateDir'>): Tool[] {
  const worlds = createWorldSource(sources);
  return [
    defineTool({
      name: 'terraform_show_state', family: 'terraform', kind: 'read',
      description: 'Terraform state: one resource\'s attributes with when it last changed and what that apply changed (ticket, author, values before); without an address, the state\'s summary and every resource, latest change first.',
      args: z.object({
        address: z.string().trim().min(1).max(300).optional().describe('A resource address such as aws_elasticache_cluster.orders or module.network.aws_vpc.main (terraform_list_resources lists them).'),
      }).strict(),
      run: async (args, ctx) => {
        const v = worlds.view(ctx.now());
        const tf = v.world.terraform;
        if (args.address === undefined) {
          const page = capped([...tf.resources].sort(byChange(v)), SUMMARY_CAP);
          return { scenario: v.scenario, terraform_version: tf.terraform_version, serial: tf.serial, lineage: tf.lineage, total: page.total, truncated: page.truncated, resources: page.items.map((r) => line(v, r)) };
        }
        const addresses = tf.resources.map(addressOf);
        const address = findName(args.address, addresses);
        const r = tf.resources.find((x) => addressOf(x) === address);
        if (!r) throw unknownName('address', 'resource', args.address, addresses);
        return {
          scenario: v.scenario,
          resource: { address: addressOf(r), module: moduleOf(r), type: r.type, name: r.name, provider: r.provider, attributes: r.attributes, changed_at: v.at(r.changed_at), change: changeOf(r) },
        };
      },
    }),
    defineTool({
      name: 'terraform_list_resources', family: 'terraform', kind: 'read',
      description: 'Resource addresses in the terraform state with type, module and last change, latest change first; filter by type or module.',
      args: z.object({
        type: z.string().trim().min(1).max(120).optional().describe('Only this resource type, e.g. aws_eks_node_group.'),
        module: z.string().trim().min(1).max(200).optional().describe(`Only this module, e.g. module.network (or network); "${ROOT}" for resources outside any module.`),
        limit: limitArg(200, 100, 'resources'),
      }).strict(),
      run: async (args, ctx) => {
        const v = worlds.view(ctx.now());
        let resources = v.world.terraform.resources;
        if (args.type !== undefined) {
          const types = [...new Set(resources.map((r) => r.type))].sort();
          const type = findName(args.type, types);
          if (!type) throw unknownName('type', 'resource type', args.type, types);
          resources = resources.filter((r) => r.type === type);
        }
        if (args.module !== undefined) {
          const modules = [...new Set(v.world.terraform.resources.map(moduleOf))].sort();
          const module = findName(args.module, modules) ?? findName(`module.${args.module}`, modules);
          if (!module) throw unknownName('module', 'module', args.module, modules);
          resources = resources.filter((r) => moduleOf(r) === module);
        }
        const page = capped([...resources].sort(byChange(v)), args.limit);
        return { scenario: v.scenario, total: page.total, truncated: page.truncated, resources: page.items.map((r) => line(v, r)) };
      },
    }),
  ];
}
