/** Statuses of a recording still going: one at most per meeting or room (a partial unique index). */
export const ACTIVE_STATUSES = ['INVOKED', 'RECORDING', 'PAUSED'] as const;
/** Statuses a recorder process is still working on (recording, or finishing and storing the file). */
export const UNFINISHED_STATUSES = ['INVOKED', 'RECORDING', 'PAUSED', 'UPLOADING'] as const;

/** Whether a recording with this status is still going. */
export const isActiveStatus = (status: string) => (ACTIVE_STATUSES as readonly string[]).includes(status);
