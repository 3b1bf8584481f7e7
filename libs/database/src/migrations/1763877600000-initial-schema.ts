import { MigrationInterface, QueryRunner } from 'typeorm';

/** Registry projection, attempt log and projection checkpoints. */
export class InitialSchema1763877600000 implements MigrationInterface {
  name = 'InitialSchema1763877600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "applications" ("id" character varying NOT NULL, "org_id" character varying NOT NULL, "uid" character varying, "name" character varying NOT NULL, "rate_limit" integer, "metadata" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, "stream_seq" bigint NOT NULL, CONSTRAINT "PK_938c0a27255637bde919591888f" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "applications_org_id" ON "applications" ("org_id", "id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "applications_org_uid" ON "applications" ("org_id", "uid") WHERE uid IS NOT NULL`);
    await queryRunner.query(`CREATE TABLE "endpoints" ("id" character varying NOT NULL, "org_id" character varying NOT NULL, "app_id" character varying NOT NULL, "uid" character varying, "url" text NOT NULL, "description" text NOT NULL, "version" integer NOT NULL, "disabled" boolean NOT NULL, "filter_types" text array, "channels" text array, "rate_limit" integer, "metadata" jsonb NOT NULL, "headers_sealed" text, "secrets" jsonb NOT NULL, "retry_policy" jsonb, "timeout_ms" integer, "payload_mode" character varying NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, "stream_seq" bigint NOT NULL, CONSTRAINT "PK_70835610dfa54ad5d990e02f70a" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "endpoints_app_id" ON "endpoints" ("app_id", "id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "endpoints_app_uid" ON "endpoints" ("app_id", "uid") WHERE uid IS NOT NULL`);
    await queryRunner.query(`CREATE TABLE "message_attempts" ("id" character varying NOT NULL, "org_id" character varying NOT NULL, "app_id" character varying NOT NULL, "msg_id" character varying NOT NULL, "endpoint_id" character varying NOT NULL, "url" text NOT NULL, "response" text NOT NULL, "response_status_code" integer NOT NULL, "response_duration_ms" integer NOT NULL, "status" smallint NOT NULL, "trigger_type" smallint NOT NULL, "attempt_number" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_32fa8831d7474e6547fb7f87fd4" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "message_attempts_msg" ON "message_attempts" ("app_id", "msg_id", "id") `);
    await queryRunner.query(`CREATE INDEX "message_attempts_endpoint" ON "message_attempts" ("app_id", "endpoint_id", "id") `);
    await queryRunner.query(`CREATE TABLE "messages" ("id" character varying NOT NULL, "org_id" character varying NOT NULL, "app_id" character varying NOT NULL, "event_type" character varying NOT NULL, "event_id" character varying, "channels" text array, "payload" jsonb, "stream_seq" bigint NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_18325f38ae6de43878487eff986" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "messages_app_event_id" ON "messages" ("app_id", "event_id") `);
    await queryRunner.query(`CREATE INDEX "messages_app_id" ON "messages" ("app_id", "id") `);
    await queryRunner.query(`CREATE TABLE "projection_checkpoints" ("name" character varying NOT NULL, "last_seq" bigint NOT NULL, CONSTRAINT "PK_0f69cb98ee85030b5da44336510" PRIMARY KEY ("name"))`);
    await queryRunner.query(`CREATE TABLE "rejected_messages" ("stream_seq" bigint NOT NULL, "org_id" character varying, "app_ref" character varying, "subject" text NOT NULL, "reason" text NOT NULL, "raw" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_f4f96f7ac230fa50ad31095912e" PRIMARY KEY ("stream_seq"))`);
    await queryRunner.query(`CREATE INDEX "rejected_messages_org_app" ON "rejected_messages" ("org_id", "app_ref", "stream_seq") `);
    await queryRunner.query(`ALTER TABLE "endpoints" ADD CONSTRAINT "endpoints_app_fk" FOREIGN KEY ("app_id") REFERENCES "applications"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "rejected_messages"`);
    await queryRunner.query(`DROP TABLE "projection_checkpoints"`);
    await queryRunner.query(`DROP TABLE "messages"`);
    await queryRunner.query(`DROP TABLE "message_attempts"`);
    await queryRunner.query(`DROP TABLE "endpoints"`);
    await queryRunner.query(`DROP TABLE "applications"`);
  }
}
