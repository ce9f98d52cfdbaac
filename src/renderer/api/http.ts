// The browser host's client: the same PolicyBenchApi as Electron's preload, over loopback HTTP + SSE.
import type { Events, MethodName, PolicyBenchApi, Requests, Responses } from '../../shared/contract';
import { CallError } from './errors';

const TOKEN_KEY = 'policybench.token';

/** Takes the per-run token from ?token= once and drops it from the address bar (and so from history). */
export function takeToken(): string {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    url.searchParams.delete('token');
    window.history.replaceState(window.history.state, '', url.pathname + url.search + url.hash);
    // Session storage (this tab only) lets a reload keep working without the token in the URL.
    try {
      sessionStorage.setItem(TOKEN_KEY, fromUrl);
    } catch {
      /* storage disabled: a reload will need the printed URL again */
    }
    return fromUrl;
  }
  try {
    return sessionStorage.getItem(TOKEN_KEY) ?? '';
  } catch {
    return '';
  }
}

export function createHttpApi(token: string): PolicyBenchApi {
  type Listener = (payload: unknown) => void;
  const listeners = new Map<string, Set<Listener>>();
  const registered = new Set<string>();
  let source: EventSource | null = null;

  function ensureSource(event: string): void {
    if (!source) source = new EventSource('/api/events');
    if (!registered.has(event)) {
      registered.add(event);
      source.addEventListener(event, (e) => {
        let payload: unknown;
        try {
          payload = JSON.parse((e as MessageEvent<string>).data);
        } catch {
          return;
        }
        for (const l of listeners.get(event) ?? []) l(payload);
      });
    }
  }

  return {
    async call<K extends MethodName>(method: K, request: Requests[K]): Promise<Responses[K]> {
      let res: Response;
      try {
        res = await fetch(`/api/call/${encodeURIComponent(method)}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-PolicyBench-Token': token },
          body: JSON.stringify(request),
        });
      } catch (e) {
        throw new CallError('internal', `The PolicyBench host did not answer (${String(e)}). Is it still running?`);
      }
      const body: unknown = await res.json().catch(() => null);
      if (!res.ok) {
        const err = (body as { error?: { code?: string; message?: string } } | null)?.error;
        throw new CallError(err?.code ?? (res.status === 401 ? 'unauthorized' : 'internal'), err?.message ?? `HTTP ${res.status}`);
      }
      return body as Responses[K];
    },
    on<E extends keyof Events>(event: E, listener: (payload: Events[E]) => void): () => void {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener as Listener);
      ensureSource(event);
      return () => {
        set.delete(listener as Listener);
      };
    },
  };
}
