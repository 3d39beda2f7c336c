import { createHash } from 'node:crypto';
import { z } from 'zod';
import { deployedDir, versionTag, type Release } from '../../../lab/shop-repo/deployed.js';
import type { ShopRepo, ShopService } from '../../../lab/shop-repo/repo.js';
import { createRunStore } from '../../../lab/shop-repo/runs.js';
import { ToolError } from '../registry/errors.js';
import { defineTool, type Tool } from '../registry/tool.js';
import type { DeskSources } from '../sources.js';
import { commitOf, inShop, serviceArg, shopService, unknownName } from './shop.js';

const TAGS_CAP = 50;
const CONTENT_CAP = 16_000;

interface ImageTag {
  tag: string;
  image: string;
  sha: string;
  commit: string;
  author: string;
  subject: string;
  /** When a deploy first built it. */
  pushedAt: string;
  deploys: number;
}

/** `firedrill/orders:abc1234` and `abc1234` name the same tag. */
const shortTag = (tag: string) => tag.trim().slice(tag.trim().lastIndexOf(':') + 1);

/**
 * The lab builds no images: a service's "image" is its config at a commit, tagged by each
 * successful deploy (versionTag), so the tags are exactly what deploys shipped.
 */
function imageTags(sources: DeskSources, repo: ShopRepo, service: ShopService): { tags: ImageTag[]; running: Release | undefined } {
  const byTag = new Map<string, ImageTag>();
  for (const run of createRunStore(sources.stateDir).list()) {
    if (run.service !== service || run.status !== 'succeeded') continue;
    const seen = byTag.get(run.version);
    if (seen) seen.deploys += 1;
    else byTag.set(run.version, { tag: shortTag(run.version), image: run.version, sha: run.commit, commit: run.commitShort, author: run.author, subject: run.subject, pushedAt: run.finishedAt, deploys: 1 });
  }
  const running = deployedDir(sources.stateDir).releases()[service];
  // The release the lab first started from has no deploy run behind it when its commit was never deployed by one.
  const c = running && !byTag.has(running.version) ? commitOf(repo, running.commit) : undefined;
  if (running && c) byTag.set(running.version, { tag: shortTag(running.version), image: versionTag(service, c.short), sha: c.sha, commit: c.short, author: c.author, subject: c.subject, pushedAt: running.deployedAt, deploys: 1 });
  const tags = [...byTag.values()].sort((a, b) => Date.parse(b.pushedAt) - Date.parse(a.pushedAt));
  return { tags, running };
}

/** registry_*: the shop services' image tags and manifests, one per deployed config commit. */
export function createImageTools(sources: DeskSources): Tool[] {
  return [
    defineTool({
      name: 'registry_list_tags', family: 'registry', kind: 'read',
      args: z.object({ service: serviceArg.describe('The shop service whose image tags to list (storefront, orders, fulfillment, partners, seating).') }).strict(),
      description: 'Image tags of a shop service, newest first: each version a successful deploy shipped, with its commit, author, subject, push time, and which tag runs now.',
      run: (args) => inShop(sources, (repo) => {
        const service = shopService(args.service);
        const { tags, running } = imageTags(sources, repo, service);
        return {
          repository: `firedrill/${service}`, running: running ? shortTag(running.version) : null, total: tags.length,
          tags: tags.slice(0, TAGS_CAP).map(({ sha: _sha, ...t }) => ({ ...t, running: t.image === running?.version })),
        };
      }),
    }),
    defineTool({
      name: 'registry_get_manifest', family: 'registry', kind: 'read',
      args: z.object({
        service: serviceArg.describe('The shop service (storefront, orders, fulfillment, partners, seating).'),
        tag: z.string().min(1).optional().describe('A tag from registry_list_tags (abc1234 or firedrill/<service>:abc1234); default: the one running now.'),
      }).strict(),
      description: 'The image manifest of one tag of a shop service (default: the running one): digest, created, source commit and OCI labels, and the deploy config it carries.',
      run: (args) => inShop(sources, (repo) => {
        const service = shopService(args.service);
        const { tags, running } = imageTags(sources, repo, service);
        const wanted = args.tag === undefined ? running && shortTag(running.version) : shortTag(args.tag);
        if (wanted === undefined) throw new ToolError('no_running_tag', 404, `tag: ${service} has no running release recorded; name a tag`, { field: 'tag', valid: tags.map((t) => t.tag) });
        const t = tags.find((x) => x.tag === wanted);
        if (!t) throw unknownName('tag', 'tag', args.tag ?? wanted, tags.map((x) => x.tag));
        const commit = commitOf(repo, t.sha);
        const path = `config/${service}.yaml`;
        const content = commit ? repo.show(path, commit.sha) : undefined;
        if (!commit || content === undefined) throw new ToolError('missing_commit', 409, `tag ${t.tag}: ${commit ? `${path} is not in commit ${t.commit}` : `commit ${t.commit} is not in the shop repository`}`, { field: 'tag' });
        return {
          schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json',
          image: t.image, tag: t.tag, digest: `sha256:${createHash('sha256').update(content).digest('hex')}`,
          created: t.pushedAt, running: t.image === running?.version,
          commit,
          config: {
            path, size: Buffer.byteLength(content),
            content: content.length > CONTENT_CAP ? `${content.slice(0, CONTENT_CAP)}…` : content,
          },
          labels: {
            'org.opencontainers.image.title': service,
            'org.opencontainers.image.version': t.tag,
            'org.opencontainers.image.revision': commit.sha,
            'org.opencontainers.image.created': t.pushedAt,
            'org.opencontainers.image.authors': `${commit.author} <${commit.email}>`,
            'org.opencontainers.image.source': 'shop',
            'org.opencontainers.image.description': commit.subject,
          },
        };
      }),
    }),
  ];
}
