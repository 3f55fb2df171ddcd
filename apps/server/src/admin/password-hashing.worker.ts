import { setPriority } from 'node:os';
import bcrypt from 'bcryptjs';

/** One bcrypt job, run on a worker thread so that the event loop never waits for it. */
export type PasswordJob = { op: 'hash'; password: string; cost: number } | { op: 'compare'; password: string; hash: string };

// The lowest CPU priority for this thread alone (on Linux a nice value belongs to a thread): on a
// machine with few cores a burst of logins must not take the core the event loop needs.
try {
  setPriority(19);
} catch {
  // Not allowed here (some platforms): the thread keeps the process's priority.
}

export default function run(job: PasswordJob): string | boolean {
  return job.op === 'hash' ? bcrypt.hashSync(job.password, job.cost) : bcrypt.compareSync(job.password, job.hash);
}
