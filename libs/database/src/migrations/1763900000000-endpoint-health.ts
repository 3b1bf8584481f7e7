import { MigrationInterface, QueryRunner } from 'typeorm';

/** Failure tracking per endpoint, for auto-disabling endpoints that keep failing. */
export class EndpointHealth1763900000000 implements MigrationInterface {
  name = 'EndpointHealth1763900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "endpoint_health" ("endpoint_id" character varying NOT NULL, "org_id" character varying NOT NULL, "app_id" character varying NOT NULL, "failing_since" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_endpoint_health" PRIMARY KEY ("endpoint_id"))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "endpoint_health"`);
  }
}
