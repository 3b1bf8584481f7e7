import { Body, Controller, Get, Header, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiBody, ApiExcludeEndpoint, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { FastifyRequest } from 'fastify';
import { RegistryFollower } from '@hookline/registry-model';
import { AppPortalAccessIn, AppPortalAccessOut, ApplicationOut, ApplicationTokenExpireIn, HooklineError, PORTAL_TOKEN_MAX_LIFETIME_SECONDS, RegistryOp, validateInput } from '@hookline/contracts';
import { Public } from '../auth/auth.guard';
import { Principal } from '../auth/authenticator';
import { CurrentPrincipal } from '../auth/principal.decorator';
import { PortalTokens } from '../auth/portal-tokens';
import { ServiceClients } from '../clients/service-clients';
import { GatewayConfig } from '../config/gateway.config';
import { ApiAuthenticated } from '../openapi/api-decorators';
import { PORTAL_PAGE } from './portal-page';

/** The app portal: tokens for an app's end customers, and the page they open. */
@Controller()
export class PortalController {
  constructor(
    private readonly services: ServiceClients,
    private readonly tokens: PortalTokens,
    private readonly config: GatewayConfig,
    private readonly registry: RegistryFollower,
  ) {}

  @Post('api/v1/auth/app-portal-access/:app')
  @HttpCode(200)
  @ApiTags('Authentication')
  @ApiAuthenticated()
  @ApiBody({ type: AppPortalAccessIn, required: false })
  @ApiOkResponse({ type: AppPortalAccessOut })
  async access(@CurrentPrincipal() principal: Principal, @Param('app') appRef: string, @Body() body: unknown, @Req() request: FastifyRequest): Promise<AppPortalAccessOut> {
    refusePortalTokens(principal);
    const input = validateInput(AppPortalAccessIn, body ?? {});
    const app = await this.services.registry<ApplicationOut>(RegistryOp.GetApp, { orgId: principal.orgId, app: appRef });
    const token = this.tokens.issue({
      orgId: principal.orgId,
      appId: app.id,
      readOnly: input.readOnly ?? false,
      exp: Math.floor(Date.now() / 1000) + (input.expiry ?? PORTAL_TOKEN_MAX_LIFETIME_SECONDS),
      iat: Date.now(),
      ...(input.sessionId ? { sid: input.sessionId } : {}),
    });
    const base = this.config.publicUrl ?? `${request.protocol}://${request.headers.host}`;
    // The token travels in the fragment, so it never reaches a server log.
    return { url: `${base}/portal#token=${token}`, token };
  }

  /** Expires the app's portal tokens (those of `sessionIds` only, when given), after `expiry` seconds. */
  @Post('api/v1/auth/app/:app/expire-all')
  @HttpCode(204)
  @ApiTags('Authentication')
  @ApiAuthenticated()
  @ApiBody({ type: ApplicationTokenExpireIn, required: false })
  @ApiNoContentResponse()
  async expireAll(@CurrentPrincipal() principal: Principal, @Param('app') app: string, @Body() body: unknown): Promise<void> {
    refusePortalTokens(principal);
    await this.services.registry(RegistryOp.ExpirePortalTokens, { orgId: principal.orgId, app, body });
    // This gateway refuses the tokens from the reply on; the others as soon as their views follow.
    await this.registry.catchUp();
  }

  @Public()
  @Get('portal')
  @ApiExcludeEndpoint()
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('referrer-policy', 'no-referrer')
  page(): string {
    return PORTAL_PAGE;
  }
}

function refusePortalTokens(principal: Principal): void {
  if (principal.portal) throw new HooklineError(403, 'forbidden', 'a portal token cannot issue or expire portal tokens');
}
