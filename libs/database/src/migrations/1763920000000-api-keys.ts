import { MigrationInterface, QueryRunner } from 'typeorm';

/** Registry projection of API keys (hashes only). */
export class ApiKeys1763920000000 implements MigrationInterface {
  name = 'ApiKeys1763920000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "api_keys" ("id" character varying NOT NULL, "org_id" character varying NOT NULL, "name" character varying NOT NULL, "token_hash" character varying NOT NULL, "revoked" boolean NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "stream_seq" bigint NOT NULL, CONSTRAINT "PK_api_keys" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "api_keys_org_id" ON "api_keys" ("org_id", "id") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "api_keys"`);
  }
}
