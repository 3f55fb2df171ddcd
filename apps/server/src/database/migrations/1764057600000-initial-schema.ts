import { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1764057600000 implements MigrationInterface {
  name = 'InitialSchema1764057600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE hubs (
        hub_key varchar(128) PRIMARY KEY,
        name varchar(128) NOT NULL,
        settings jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE access_keys (
        key_type varchar(16) PRIMARY KEY CHECK (key_type IN ('primary', 'secondary')),
        value varchar(256) NOT NULL,
        rotated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE admin_users (
        id uuid PRIMARY KEY,
        username varchar(64) NOT NULL UNIQUE,
        password_hash varchar(100) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        password_changed_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE admin_sessions (
        token_hash char(64) PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES admin_users(id) ON DELETE CASCADE,
        csrf_token varchar(64) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX admin_sessions_expires_at ON admin_sessions (expires_at)`);
    await queryRunner.query(`
      CREATE TABLE audit_log (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        actor varchar(128) NOT NULL,
        action varchar(64) NOT NULL,
        target varchar(256),
        details jsonb
      )`);
    await queryRunner.query(`CREATE INDEX audit_log_at ON audit_log (at DESC)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE audit_log`);
    await queryRunner.query(`DROP TABLE admin_sessions`);
    await queryRunner.query(`DROP TABLE admin_users`);
    await queryRunner.query(`DROP TABLE access_keys`);
    await queryRunner.query(`DROP TABLE hubs`);
  }
}
