import { endpoints } from '@/lib/api/endpoints';
import { createRealtimeKitRouter } from '@/lib/api/realtimekit';

// RealtimeKit's REST paths over the same endpoint table as /api/v1 (lib/api/realtimekit.ts).
const handle = createRealtimeKitRouter(endpoints);

export const GET = handle;
export const POST = handle;
export const PATCH = handle;
export const DELETE = handle;
export const PUT = handle;
