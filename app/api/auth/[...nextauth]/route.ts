import { NextRequest } from 'next/server';
import { API_BODY_LIMIT, readBodyText } from '@/lib/api/body';
import { errorResponse } from '@/lib/api/router';
import { handlers } from '@/lib/auth/config';

export const { GET } = handlers;

/** Auth.js reads the body itself: hand it a copy read within the API's limit, refused with 413 beyond. */
export async function POST(request: NextRequest) {
  let text: string;
  try {
    text = await readBodyText(request, API_BODY_LIMIT);
  } catch (err) {
    return errorResponse(err);
  }
  const headers = new Headers(request.headers);
  headers.delete('content-length');
  return handlers.POST(new NextRequest(request.url, { method: 'POST', headers, body: text }));
}
