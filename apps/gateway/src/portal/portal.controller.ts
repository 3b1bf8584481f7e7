import { Body, Controller, Get, Header, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiBody, ApiExcludeEndpoint, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { FastifyRequest } from 'fastify';
import { AppPortalAccessIn, AppPortalAccessOut, ApplicationTokenExpireIn } from '@hookline/contracts';
import { Public } from '../auth/auth.guard';
import { Principal } from '../auth/authenticator';
import { CurrentPrincipal } from '../auth/principal.decorator';
import { ApiAuthenticated } from '../openapi/api-decorators';
import { PORTAL_PAGE } from './portal-page';
import { PortalAccess } from './portal-access';

/** The app portal: tokens for an app's end customers, and the page they open. */
@Controller()
export class PortalController {
  constructor(private readonly portalAccess: PortalAccess) {}

  @Post('api/v1/auth/app-portal-access/:app')
  @HttpCode(200)
  @ApiTags('Authentication')
  @ApiAuthenticated()
  @ApiBody({ type: AppPortalAccessIn, required: false })
  @ApiOkResponse({ type: AppPortalAccessOut })
  access(@CurrentPrincipal() principal: Principal, @Param('app') app: string, @Body() body: unknown, @Req() request: FastifyRequest): Promise<AppPortalAccessOut> {
    return this.portalAccess.grant(principal, app, body, `${request.protocol}://${request.headers.host}`);
  }

  @Post('api/v1/auth/app/:app/expire-all')
  @HttpCode(204)
  @ApiTags('Authentication')
  @ApiAuthenticated()
  @ApiBody({ type: ApplicationTokenExpireIn, required: false })
  @ApiNoContentResponse()
  expireAll(@CurrentPrincipal() principal: Principal, @Param('app') app: string, @Body() body: unknown): Promise<void> {
    return this.portalAccess.expireAll(principal, app, body);
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
