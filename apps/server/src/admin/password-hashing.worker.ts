import bcrypt from 'bcryptjs';

/** One bcrypt job, run on a worker thread so that the event loop never waits for it. */
export type PasswordJob = { op: 'hash'; password: string; cost: number } | { op: 'compare'; password: string; hash: string };

export default function run(job: PasswordJob): string | boolean {
  return job.op === 'hash' ? bcrypt.hashSync(job.password, job.cost) : bcrypt.compareSync(job.password, job.hash);
}
