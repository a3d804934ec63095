import 'server-only';
import { hash, verify } from '@node-rs/argon2';
import { passwordHashing } from '@/lib/limits/concurrency';

// argon2id with OWASP's suggested floor (19 MiB, 2 passes): memory-hard, so GPUs gain little.
const OPTIONS = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 200;

export function hashPassword(password: string): Promise<string> {
  return passwordHashing.run(() => hash(password, OPTIONS));
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  return passwordHashing.run(async () => {
    try {
      return await verify(stored, password);
    } catch {
      return false;
    }
  });
}
