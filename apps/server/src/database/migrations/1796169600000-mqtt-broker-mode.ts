import { MigrationInterface, QueryRunner } from 'typeorm';

/** MQTT broker mode: retained messages, and sessions that outlive a restart. */
export class MqttBrokerMode1796169600000 implements MigrationInterface {
  name = 'MqttBrokerMode1796169600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE mqtt_retained_messages (
        hub_key varchar(128) NOT NULL,
        topic varchar(1024) NOT NULL,
        payload bytea NOT NULL,
        qos smallint NOT NULL CHECK (qos BETWEEN 0 AND 2),
        properties jsonb,
        stored_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (hub_key, topic)
      )`);
    // Wildcard subscriptions read a hub's topics by their literal prefix.
    await queryRunner.query(`CREATE INDEX mqtt_retained_messages_prefix ON mqtt_retained_messages (hub_key, topic varchar_pattern_ops)`);
    await queryRunner.query(`
      CREATE TABLE mqtt_sessions (
        hub_key varchar(128) NOT NULL,
        client_id varchar(128) NOT NULL,
        state jsonb NOT NULL,
        expires_at timestamptz NOT NULL,
        node_id varchar(64) NOT NULL,
        PRIMARY KEY (hub_key, client_id)
      )`);
    await queryRunner.query(`CREATE INDEX mqtt_sessions_expiry ON mqtt_sessions (expires_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE mqtt_sessions');
    await queryRunner.query('DROP TABLE mqtt_retained_messages');
  }
}
