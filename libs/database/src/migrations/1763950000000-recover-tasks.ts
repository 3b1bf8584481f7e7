import { MigrationInterface, QueryRunner } from 'typeorm';

/** Recovers (Svix background tasks), kept so that they outlive the process running them and can be looked up. */
export class RecoverTasks1763950000000 implements MigrationInterface {
  name = 'RecoverTasks1763950000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "recover_tasks" ("id" character varying NOT NULL, "org_id" character varying NOT NULL, "app_id" character varying NOT NULL, "endpoint_id" character varying NOT NULL,
        "since" TIMESTAMP WITH TIME ZONE NOT NULL, "until" TIMESTAMP WITH TIME ZONE NOT NULL, "after_id" character varying,
        "status" character varying NOT NULL, "lease_id" uuid NOT NULL, "lease_until" TIMESTAMP WITH TIME ZONE NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_recover_tasks" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "recover_tasks_running" ON "recover_tasks" ("status", "lease_until") `);
    await queryRunner.query(`CREATE INDEX "recover_tasks_org" ON "recover_tasks" ("org_id", "id") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "recover_tasks"`);
  }
}
