// The one API object the renderer uses: Electron's preload bridge when present, else the browser host's HTTP client.
import type { PolicyBenchApi } from '../../shared/contract';
import { createHttpApi, takeToken } from './http';

declare global {
  interface Window {
    policybench?: PolicyBenchApi;
  }
}

export const api: PolicyBenchApi = window.policybench ?? createHttpApi(takeToken());
export const isElectron = Boolean(window.policybench);
export { CallError, errorInfo } from './errors';
