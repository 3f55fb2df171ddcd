import { X509Certificate, webcrypto } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { hostname } from 'node:os';
import { join } from 'node:path';
import * as x509 from '@peculiar/x509';

/** What a TLS listener needs, and the CA a client must trust to accept it. */
export interface TlsMaterial {
  cert: string;
  key: string;
  /** The generated CA's certificate file; null when the operator brought their own pair. */
  caFile: string | null;
}

const KEY_ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGNING_ALGORITHM = { name: 'ECDSA', hash: 'SHA-256' } as const;
const DAY_MS = 24 * 60 * 60 * 1000;
/** Browsers refuse server certificates valid for more than 398 days. */
const SERVER_DAYS = 397;
const CA_YEARS = 10;
/** A server certificate this close to its end is replaced at start, so a long-running laptop install never lapses mid-week. */
const RENEW_DAYS = 30;

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

/**
 * A local certificate authority under `dir` (made once, then reused so a trusted CA stays
 * trusted) and a server certificate it signs for the names this server answers to. The server
 * certificate is made again when it nears its end or lacks one of the names.
 */
export async function ensureLocalAuthority(dir: string, names: string[]): Promise<TlsMaterial> {
  mkdirSync(dir, { recursive: true });
  const files = {
    caCert: join(dir, 'ca.pem'),
    caKey: join(dir, 'ca-key.pem'),
    cert: join(dir, 'server.pem'),
    key: join(dir, 'server-key.pem'),
  };
  const subjectNames = [...new Set(names.filter((name) => name && name !== '0.0.0.0' && name !== '::'))];

  let ca = readPair(files.caCert, files.caKey);
  if (!ca || expiresWithin(ca.cert, 1)) {
    ca = await createAuthority();
    writePair(files.caCert, files.caKey, ca);
  }
  let server = readPair(files.cert, files.key);
  if (!server || expiresWithin(server.cert, RENEW_DAYS) || !issuedBy(server.cert, ca.cert) || !covers(server.cert, subjectNames)) {
    server = await createServerCertificate(ca, subjectNames);
    writePair(files.cert, files.key, server);
  }
  return { cert: server.cert, key: server.key, caFile: files.caCert };
}

/** The names a generated certificate is made for: loopback, this machine, and the public endpoint's host. */
export function certificateNames(host: string, publicEndpoint: string): string[] {
  return ['localhost', '127.0.0.1', '::1', hostname(), host, new URL(publicEndpoint).hostname.replace(/^\[|\]$/g, '')];
}

interface PemPair {
  cert: string;
  key: string;
}

function readPair(certFile: string, keyFile: string): PemPair | null {
  if (!existsSync(certFile) || !existsSync(keyFile)) return null;
  try {
    const pair = { cert: readFileSync(certFile, 'utf8'), key: readFileSync(keyFile, 'utf8') };
    new X509Certificate(pair.cert);
    return pair;
  } catch {
    return null;
  }
}

function writePair(certFile: string, keyFile: string, pair: PemPair): void {
  writeFileSync(keyFile, pair.key, { mode: 0o600 });
  chmodSync(keyFile, 0o600);
  writeFileSync(certFile, pair.cert);
}

function expiresWithin(pem: string, days: number): boolean {
  return new Date(new X509Certificate(pem).validTo).getTime() - Date.now() < days * DAY_MS;
}

function issuedBy(pem: string, caPem: string): boolean {
  const cert = new X509Certificate(pem);
  const ca = new X509Certificate(caPem);
  return cert.checkIssued(ca) && cert.verify(ca.publicKey);
}

function covers(pem: string, names: string[]): boolean {
  const cert = new X509Certificate(pem);
  return names.every((name) => (isIP(name) ? cert.checkIP(name) !== undefined : cert.checkHost(name) !== undefined));
}

async function createAuthority(): Promise<PemPair> {
  const keys = await webcrypto.subtle.generateKey(KEY_ALGORITHM, true, ['sign', 'verify']);
  const now = Date.now();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    // The serial in the name tells two installs' CAs apart in an OS or browser trust store.
    name: `CN=Switchboard local CA ${hostname()} ${randomSerial().slice(0, 8)}, O=Switchboard`,
    serialNumber: randomSerial(),
    notBefore: new Date(now - DAY_MS),
    notAfter: new Date(now + CA_YEARS * 365 * DAY_MS),
    keys: keys as unknown as CryptoKeyPair,
    signingAlgorithm: SIGNING_ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey as unknown as CryptoKey),
    ],
  });
  return { cert: cert.toString('pem'), key: await exportKey(keys.privateKey) };
}

async function createServerCertificate(ca: PemPair, names: string[]): Promise<PemPair> {
  const caCert = new x509.X509Certificate(ca.cert);
  const caKey = await webcrypto.subtle.importKey('pkcs8', pemBody(ca.key), KEY_ALGORITHM, false, ['sign']);
  const keys = await webcrypto.subtle.generateKey(KEY_ALGORITHM, true, ['sign', 'verify']);
  const now = Date.now();
  const cert = await x509.X509CertificateGenerator.create({
    subject: `CN=${names[0] ?? 'localhost'}`,
    issuer: caCert.subject,
    serialNumber: randomSerial(),
    notBefore: new Date(now - DAY_MS),
    notAfter: new Date(now + SERVER_DAYS * DAY_MS),
    publicKey: keys.publicKey as unknown as CryptoKey,
    signingKey: caKey as unknown as CryptoKey,
    signingAlgorithm: SIGNING_ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension(names.map((name) => ({ type: isIP(name) ? ('ip' as const) : ('dns' as const), value: name }))),
      await x509.AuthorityKeyIdentifierExtension.create(caCert.publicKey),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey as unknown as CryptoKey),
    ],
  });
  return { cert: cert.toString('pem'), key: await exportKey(keys.privateKey) };
}

async function exportKey(key: webcrypto.CryptoKey): Promise<string> {
  const der = Buffer.from((await webcrypto.subtle.exportKey('pkcs8', key as CryptoKey)) as ArrayBuffer);
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN PRIVATE KEY-----\n${lines.join('\n')}\n-----END PRIVATE KEY-----\n`;
}

function pemBody(pem: string): Buffer {
  return Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
}

/** A positive 16-byte serial, as RFC 5280 asks (the high bit cleared). */
function randomSerial(): string {
  const bytes = webcrypto.getRandomValues(new Uint8Array(16));
  bytes[0] &= 0x7f;
  return Buffer.from(bytes).toString('hex');
}
