import { MigrationInterface, QueryRunner } from 'typeorm';

/** Registry projection of event types. */
export class EventTypes1763910000000 implements MigrationInterface {
  name = 'EventTypes1763910000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "event_types" ("org_id" character varying NOT NULL, "name" character varying NOT NULL, "description" text NOT NULL, "archived" boolean NOT NULL, "deprecated" boolean NOT NULL, "schemas" jsonb, "feature_flag" character varying, "group_name" character varying, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, "stream_seq" bigint NOT NULL, CONSTRAINT "PK_event_types" PRIMARY KEY ("org_id", "name"))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "event_types"`);
  }
}
