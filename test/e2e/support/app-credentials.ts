/** A GitHub App identity for tests: id, a fresh RSA key pair, a webhook secret. */
import { generateKeyPairSync, randomBytes } from 'node:crypto';

export interface AppCredentials {
  readonly appId: number;
  readonly privateKey: string;
  readonly publicKey: string;
  readonly webhookSecret: string;
}

export function createAppCredentials(appId = 4242): AppCredentials {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  return { appId, privateKey, publicKey, webhookSecret: randomBytes(16).toString('hex') };
}
