import { MigrationInterface, QueryRunner } from 'typeorm';

/** Counts the runs of a recover that stopped without enqueueing a page, so that one that never gets further is given up. */
export class RecoverStalledRuns1763960000000 implements MigrationInterface {
  name = 'RecoverStalledRuns1763960000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "recover_tasks" ADD "stalled_runs" integer NOT NULL DEFAULT 0`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "recover_tasks" DROP COLUMN "stalled_runs"`);
  }
}
