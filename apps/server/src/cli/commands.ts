import type { Command } from './command';
import { addEventHandler } from './commands/add-event-handler';
import { connectionString } from './commands/connection-string';
import { createAdmin } from './commands/create-admin';
import { listHubs } from './commands/list-hubs';
import { regenerateKey } from './commands/regenerate-key';
import { resetPassword } from './commands/reset-password';

/** In the order `--help` lists them. */
export const COMMANDS: readonly Command[] = [resetPassword, createAdmin, connectionString, regenerateKey, listHubs, addEventHandler];
