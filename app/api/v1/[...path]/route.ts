import { endpoints } from '@/lib/api/endpoints';
import { createRouter } from '@/lib/api/router';

const handle = createRouter(endpoints);

export const GET = handle;
export const POST = handle;
export const PATCH = handle;
export const DELETE = handle;
export const PUT = handle;
