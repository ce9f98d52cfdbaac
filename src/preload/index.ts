// The only bridge between the page and main: window.policybench = { call, on, getPathForFile }. No raw ipcRenderer.
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import type { Events, MethodName, PolicyBenchApi, Requests, Responses } from '../shared/contract';

type Reply = { ok: true; value: unknown } | { ok: false; error: { code: string; message: string } };

const api = {
  async call<K extends MethodName>(method: K, request: Requests[K]): Promise<Responses[K]> {
    const reply = (await ipcRenderer.invoke('policybench:call', method, request)) as Reply;
    if (reply.ok) return reply.value as Responses[K];
    // contextBridge drops custom Error properties, so the code travels in the message (toApiError in contract.ts).
    throw new Error(`[${reply.error.code}] ${reply.error.message}`);
  },
  on<E extends keyof Events>(event: E, listener: (payload: Events[E]) => void): () => void {
    const handler = (_e: IpcRendererEvent, name: unknown, payload: unknown) => {
      if (name === event) listener(payload as Events[E]);
    };
    ipcRenderer.on('policybench:event', handler);
    return () => {
      ipcRenderer.removeListener('policybench:event', handler);
    };
  },
  /** The path of a dropped File (Electron only), for policies-import-paths. */
  getPathForFile(file: File): string {
    return webUtils.getPathForFile(file);
  },
} satisfies PolicyBenchApi & { getPathForFile(file: File): string };

contextBridge.exposeInMainWorld('policybench', api);
