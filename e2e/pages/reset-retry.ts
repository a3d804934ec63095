/**
 * Runs a set-up request again once when the app reset the connection before answering. The request
 * context reuses idle keep-alive connections, and one the server is closing just then fails with
 * ECONNRESET before the server has read the request, so the request did nothing and is safe to send again.
 */
export async function retryOnReset<T>(send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (err) {
    if (!/ECONNRESET|socket hang up/.test(String(err))) throw err;
    return send();
  }
}
