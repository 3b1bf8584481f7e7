import { MigrationInterface, QueryRunner } from 'typeorm';

/** Per-endpoint delivery options: concurrency bound, ordering, redirects and TLS verification. */
export class EndpointDeliveryOptions1763890000000 implements MigrationInterface {
  name = 'EndpointDeliveryOptions1763890000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "endpoints" ADD "max_concurrency" integer`);
    await queryRunner.query(`ALTER TABLE "endpoints" ADD "ordering" character varying NOT NULL DEFAULT 'none'`);
    await queryRunner.query(`ALTER TABLE "endpoints" ALTER COLUMN "ordering" DROP DEFAULT`);
    await queryRunner.query(`ALTER TABLE "endpoints" ADD "follow_redirects" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`ALTER TABLE "endpoints" ALTER COLUMN "follow_redirects" DROP DEFAULT`);
    await queryRunner.query(`ALTER TABLE "endpoints" ADD "tls_verify" boolean NOT NULL DEFAULT true`);
    await queryRunner.query(`ALTER TABLE "endpoints" ALTER COLUMN "tls_verify" DROP DEFAULT`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "endpoints" DROP COLUMN "tls_verify"`);
    await queryRunner.query(`ALTER TABLE "endpoints" DROP COLUMN "follow_redirects"`);
    await queryRunner.query(`ALTER TABLE "endpoints" DROP COLUMN "ordering"`);
    await queryRunner.query(`ALTER TABLE "endpoints" DROP COLUMN "max_concurrency"`);
  }
}
