import { getPluginConfig } from '../utils/plugin-config';
import { isPlainObject, optionsObject } from './arguments';
import { ScriptCallError, type HostMethods, type RunContext } from './types';

export const FETCH_TIMEOUT_MS = 10_000;
export const MAX_FETCH_BYTES = 1024 * 1024;
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'];

/** 'example.com' allows that host on any port; '*.example.com' its subdomains; 'host:port' one port. */
const hostAllowed = (url: URL, allowList: string[]) =>
  allowList.some((entry) => {
    const [pattern, port] = entry.toLowerCase().split(':');
    if (port !== undefined && url.port !== port) return false;
    const host = url.hostname.toLowerCase();
    return pattern.startsWith('*.') ? host.endsWith(pattern.slice(1)) : host === pattern;
  });

const readCapped = async (response: Response) => {
  const reader = response.body?.getReader();
  if (!reader) return { body: '', truncated: false };
  const chunks: Uint8Array[] = [];
  let size = 0;
  let truncated = false;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_FETCH_BYTES) {
      truncated = true;
      chunks.push(value.subarray(0, value.byteLength - (size - MAX_FETCH_BYTES)));
      await reader.cancel();
      break;
    }
    chunks.push(value);
  }
  return { body: Buffer.concat(chunks).toString('utf8'), truncated };
};

/**
 * ctx.fetch: HTTP to the hosts the site lists in `scripts.fetchAllowList` (none by default), with
 * a timeout, no redirects (a redirect could leave the list) and a capped response body.
 */
export const fetchMethods = ({ strapi }: RunContext): HostMethods => ({
  async fetch(input: unknown, init?: unknown) {
    const call = 'ctx.fetch';
    let url: URL;
    try {
      url = new URL(String(input));
    } catch {
      throw new ScriptCallError(`${call}: "${String(input)}" is not an absolute URL`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new ScriptCallError(`${call}: only http and https URLs can be fetched`);
    }
    const { fetchAllowList } = getPluginConfig(strapi).scripts;
    if (!hostAllowed(url, fetchAllowList)) {
      throw new ScriptCallError(
        `${call}: ${url.host} is not in the plugin's scripts.fetchAllowList`
      );
    }
    const options = optionsObject(call, init);
    const method = String(options.method ?? 'GET').toUpperCase();
    if (!METHODS.includes(method))
      throw new ScriptCallError(`${call}: method must be one of ${METHODS.join(', ')}`);
    if (
      options.headers !== undefined &&
      (!isPlainObject(options.headers) ||
        Object.values(options.headers).some((v) => typeof v !== 'string'))
    ) {
      throw new ScriptCallError(`${call}: headers must be an object of strings`);
    }
    if (
      options.body !== undefined &&
      (typeof options.body !== 'string' || Buffer.byteLength(options.body) > MAX_FETCH_BYTES)
    ) {
      throw new ScriptCallError(
        `${call}: body must be a string of at most ${MAX_FETCH_BYTES} bytes`
      );
    }
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: options.headers as Record<string, string> | undefined,
        body: options.body as string | undefined,
        redirect: 'manual',
        signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
      });
    } catch (error) {
      throw new ScriptCallError(
        `${call}: ${url.host} did not answer (${(error as Error).message})`
      );
    }
    const { body, truncated } = await readCapped(response);
    return {
      status: response.status,
      ok: response.ok,
      headers: Object.fromEntries(response.headers.entries()),
      body,
      truncated,
    };
  },
});
