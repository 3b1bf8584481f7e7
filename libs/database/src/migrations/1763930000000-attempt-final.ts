import { MigrationInterface, QueryRunner } from 'typeorm';

/** Whether an attempt was a message's last to its endpoint (success or retries exhausted): the delivery status. */
export class AttemptFinal1763930000000 implements MigrationInterface {
  name = 'AttemptFinal1763930000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "message_attempts" ADD "final" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`ALTER TABLE "message_attempts" ALTER COLUMN "final" DROP DEFAULT`);
    await queryRunner.query(`CREATE INDEX "message_attempts_endpoint_msg" ON "message_attempts" ("app_id", "endpoint_id", "msg_id") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "message_attempts_endpoint_msg"`);
    await queryRunner.query(`ALTER TABLE "message_attempts" DROP COLUMN "final"`);
  }
}
