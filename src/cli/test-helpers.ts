// For the CLI's tests: runs `policybench …` in process and collects what it prints and its exit code.
import { main } from './main';

export async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { out: (s) => void (out += s), err: (s) => void (err += s) });
  return { code, out, err };
}
