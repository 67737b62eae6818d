import { z } from 'zod';

/**
 * What an uploader may say of a file, checked the same way for a form field, a manifest and S3
 * object metadata. In the domain, so that the API and the inbox adapters both take it from here.
 */
export const metadataSchema = z.object({
  committee: z.string().trim().min(1).max(200).optional(),
  date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}(T.*)?$/, 'must be a date as YYYY-MM-DD')
    .optional(),
  kind: z.enum(['referat', 'dagsorden', 'punkt', 'bilag']).optional(),
  meetingId: z
    .string()
    .regex(/^[a-z0-9-]{3,120}$/, 'must be a meeting id such as oekonomiudvalget-2024-03-12')
    .optional(),
  sourceMeetingId: z.string().trim().min(1).max(200).optional(),
  authority: z.string().trim().min(1).max(200).optional(),
});
