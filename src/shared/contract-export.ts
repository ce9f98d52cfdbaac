// The report-export call (issue 5), kept beside contract.ts and merged into its handler map.
import { z } from 'zod';

export const REPORT_FORMATS = ['html', 'pdf', 'xlsx', 'csv', 'md'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/**
 * scope 'view': the apps and rows the grid shows, in its order (policyIds, attributeIds). scope 'all': every
 * policy and every attribute; policyIds, when given, still set the order of the apps it names.
 */
export const reportExportSchema = z
  .object({
    format: z.enum(REPORT_FORMATS),
    scope: z.enum(['view', 'all']),
    policyIds: z.array(z.string().regex(/^[0-9a-f]{16}$/, 'a policy id is 16 lowercase hex digits')).max(5000).optional(),
    attributeIds: z.array(z.string().min(1).max(100)).max(500).optional(),
    lang: z.enum(['zh', 'en']),
    title: z.string().trim().max(200).optional(),
  })
  .strict();

export type ReportExportRequest = z.infer<typeof reportExportSchema>;

/**
 * The browser host answers with the file for the page to download; Electron saves it where the reviewer chose
 * in its save dialog (savedTo), or reports that the dialog was cancelled.
 */
export type ReportExportResult =
  | { fileName: string; mime: string; dataBase64: string }
  | { fileName: string; savedTo: string }
  | { cancelled: true };
