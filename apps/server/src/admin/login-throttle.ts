import { Injectable } from '@nestjs/common';

/** Consecutive failures of one account before it is locked. */
export const LOCKOUT_FAILURES = 5;
export const LOCKOUT_MS = 15 * 60_000;
/** Login attempts of one address at once: more wait for nothing, they are refused. */
const MAX_CONCURRENT_PER_ADDRESS = 4;
/** Failures of one address in the window before it is refused for the rest of it. */
const MAX_FAILURES_PER_ADDRESS = 30;
const ADDRESS_WINDOW_MS = 15 * 60_000;
const MAX_DELAY_MS = 4000;
/** Entries kept at most per table (names and addresses are chosen by strangers). */
const MAX_ENTRIES = 10_000;

export type Admission = { ok: true; release: () => void } | { ok: false; retryAfterSeconds: number; why: string };

interface AccountState {
  failures: number;
  lockedUntil: number;
}

interface AddressState {
  inFlight: number;
  failures: number;
  windowStart: number;
}

/**
 * Guessing passwords, slowed and stopped (issue "Hardening", item 4): each address gets a few
 * attempts at once and a bounded number of failures per window; each account answers a failure
 * after a delay that doubles with every consecutive one, and locks for 15 minutes after five.
 * Written here rather than with @nestjs/throttler, whose fixed windows answer 429 but know
 * neither growing delays nor account lockout. Kept per node, in memory.
 */
@Injectable()
export class LoginThrottle {
  private readonly accounts = new Map<string, AccountState>();
  private readonly addresses = new Map<string, AddressState>();

  admit(address: string, username: string, now = Date.now()): Admission {
    const account = this.accounts.get(username);
    if (account && account.lockedUntil > now) {
      return { ok: false, retryAfterSeconds: Math.ceil((account.lockedUntil - now) / 1000), why: 'this account is locked after repeated failed logins' };
    }
    const client = this.address(address, now);
    if (client.failures >= MAX_FAILURES_PER_ADDRESS) {
      return { ok: false, retryAfterSeconds: Math.ceil((client.windowStart + ADDRESS_WINDOW_MS - now) / 1000), why: 'too many failed logins from this address' };
    }
    if (client.inFlight >= MAX_CONCURRENT_PER_ADDRESS) return { ok: false, retryAfterSeconds: 1, why: 'too many logins at once from this address' };
    client.inFlight++;
    let released = false;
    return {
      ok: true,
      release: () => {
        if (!released) client.inFlight--;
        released = true;
      },
    };
  }

  /** A wrong password: how long to wait before answering, and whether the account locked now. */
  failed(address: string, username: string, now = Date.now()): { delayMs: number; lockedNow: boolean } {
    this.address(address, now).failures++;
    const account = this.accounts.get(username) ?? { failures: 0, lockedUntil: 0 };
    account.failures++;
    const lockedNow = account.failures >= LOCKOUT_FAILURES;
    if (lockedNow) {
      account.lockedUntil = now + LOCKOUT_MS;
      account.failures = 0;
    }
    remember(this.accounts, username, account);
    return { delayMs: Math.min(250 * 2 ** (account.failures - 1), MAX_DELAY_MS), lockedNow };
  }

  succeeded(username: string): void {
    this.accounts.delete(username);
  }

  private address(address: string, now: number): AddressState {
    let state = this.addresses.get(address);
    if (!state || now - state.windowStart > ADDRESS_WINDOW_MS) {
      state = { inFlight: state?.inFlight ?? 0, failures: 0, windowStart: now };
      remember(this.addresses, address, state);
    }
    return state;
  }
}

function remember<T>(table: Map<string, T>, key: string, value: T): void {
  table.delete(key);
  if (table.size >= MAX_ENTRIES) table.delete(table.keys().next().value!);
  table.set(key, value);
}
