import { ADMIN_USERNAME_PATTERN } from '../../config/config';
import { UsageError } from '../command';

export function checkAdminName(username: string): string {
  if (!ADMIN_USERNAME_PATTERN.test(username)) {
    throw new UsageError(`"${username}" is not an admin user name (1-64 letters, digits and _ . @ - only)`);
  }
  return username;
}
