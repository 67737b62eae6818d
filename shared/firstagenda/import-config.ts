import { z } from 'zod';

/** One portal a deployment follows. */
export interface PortalSetting {
  url: string;
  /** The authority of its meetings; read from the host name when not given. */
  authority?: string;
  since?: string;
  committees?: string[];
  /** Requests per second at most. */
  rate?: number;
}

const portalSchema = z.object({
  url: z.url({ protocol: /^https?$/ }),
  authority: z.string().trim().min(1).max(200).optional(),
  since: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
  committees: z.array(z.string().min(1).max(200)).optional(),
  rate: z.number().positive().max(50).optional(),
});

/**
 * The portals to follow, from a setting that is either JSON (`[{ "url": "https://dagsordener.greve.dk",
 * "authority": "Greve Kommune", "since": "2018-01-01" }]`) or addresses separated by commas.
 * Throws naming `what` and the reason.
 * @example portalSettings('https://dagsordener.greve.dk', 'context firstagendaPortals') // [{ url: 'https://dagsordener.greve.dk' }]
 */
export function portalSettings(value: unknown, what: string): PortalSetting[] {
  if (value === undefined || value === null || value === '') return [];
  let raw: unknown = value;
  if (typeof value === 'string') {
    const text = value.trim();
    raw =
      text.startsWith('[') || text.startsWith('{')
        ? JSON.parse(text)
        : text
            .split(',')
            .filter(Boolean)
            .map((url) => ({ url: url.trim() }));
  }
  const list = Array.isArray(raw) ? raw : [raw];
  const parsed = z.array(portalSchema).safeParse(list);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${what}: ${issue.path.join('.') || 'value'} ${issue.message}`);
  }
  return parsed.data.map((p) => ({ ...p, url: p.url.replace(/\/+$/, '') }));
}
