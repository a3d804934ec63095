// The OpenAPI description of the credentials each kind of caller sends (lib/api/caller.ts reads them).

/** How each kind of caller proves who they are (see lib/api/caller.ts). */
export const securitySchemes = {
  apiKey: {
    type: 'http',
    scheme: 'bearer',
    description: "A host's API key, made on the dashboard's API keys page: `Authorization: Bearer <key>`.",
  },
  participantToken: {
    type: 'http',
    scheme: 'bearer',
    description:
      "A participant's token (`bpt_…`), as adding the participant or refreshing their token answers it: `Authorization: Bearer <token>`. It acts with the participant's preset where they are now.",
  },
  participantCookie: {
    type: 'apiKey',
    in: 'cookie',
    name: 'bp_<main meeting id without dashes>',
    description:
      'The seat cookie the join page sets (one per main meeting). Requests that change something must also come from this site (an `Origin` header of the app, JSON body).',
  },
  dashboardSession: {
    type: 'apiKey',
    in: 'cookie',
    name: 'authjs.session-token',
    description:
      "The dashboard's sign-in (`__Secure-authjs.session-token` on https). Requests that change something must also come from this site (an `Origin` header of the app, JSON body).",
  },
} as const;

/** The security requirements of an endpoint: any one of its callers' credentials. */
export function securityFor(callers: ReadonlyArray<'host' | 'participant'>): Array<Record<string, string[]>> {
  const schemes = {
    host: ['apiKey', 'dashboardSession'],
    participant: ['participantToken', 'participantCookie'],
  };
  return callers.flatMap((c) => schemes[c].map((name) => ({ [name]: [] })));
}
