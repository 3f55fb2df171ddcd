/**
 * What the commands use of the server, behind one lazy `import()`: `--help` and most usage errors
 * answer without loading Nest, TypeORM and class-validator, about a second of CPU on a small machine.
 */
export { AdminAccountsService, generatePassword } from '../admin/admin-accounts.service';
export { AdminSessionsService } from '../admin/admin-sessions.service';
export { AuditService } from '../admin/audit.service';
export { ChangePasswordDto } from '../admin/session.dto';
export { problemWith } from '../http/validation.pipe';
export { EventHandlerDto, HubSettingsDto } from '../hubs/hub-settings.dto';
export { HubsService } from '../hubs/hubs.service';
export { KeysService } from '../keys/keys.service';
export { HandlerValidation } from '../upstream/handler-validation';
export { loadCliConfig, runWithDatabase } from './cli-app';
