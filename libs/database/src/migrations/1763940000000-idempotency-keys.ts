import { MigrationInterface, QueryRunner } from 'typeorm';

/** The gateway's `idempotency-key` store, kept by the attempt log (it was a JetStream key-value bucket). */
export class IdempotencyKeys1763940000000 implements MigrationInterface {
  name = 'IdempotencyKeys1763940000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "idempotency_keys" ("key" character varying(64) NOT NULL, "org_id" character varying NOT NULL, "claim_id" uuid NOT NULL, "status" integer, "body" text, "msg_id" character varying,
        "stored_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_idempotency_keys" PRIMARY KEY ("key"))`,
    );
    await queryRunner.query(`CREATE INDEX "idempotency_keys_stored_at" ON "idempotency_keys" ("stored_at") `);
    await queryRunner.query(`CREATE INDEX "idempotency_keys_msg_id" ON "idempotency_keys" ("msg_id") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "idempotency_keys"`);
  }
}
