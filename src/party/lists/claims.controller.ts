import { Body, Controller, Delete, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../auth/auth-user';
import { CurrentUser, Roles } from '../../auth/decorators';
import { ApiErrors } from '../../common/api-responses';
import { UuidParam } from '../../common/uuid-param';
import { ClaimsService } from './claims.service';
import { ClaimDemandDto, ClaimResourceDto } from './lists.dto';
import { ClaimResponse } from './lists.responses';

/** 双向认领: units claim demands, communities claim resources; either claim is withdrawn until its project starts. */
@ApiTags('party')
@ApiBearerAuth()
@ApiErrors(401, 503)
@Controller()
export class ClaimsController {
  constructor(private readonly claims: ClaimsService) {}

  @ApiCreatedResponse({ type: ClaimResponse })
  @ApiErrors(400, 403, 404, 409)
  @Roles('street', 'admin')
  @HttpCode(201)
  @Post('demands/:id/claim')
  claimDemand(@CurrentUser() user: AuthUser, @UuidParam() id: string, @Body() body: ClaimDemandDto) {
    return this.claims.claimDemand(user, id, body);
  }

  @ApiCreatedResponse({ type: ClaimResponse })
  @ApiErrors(400, 403, 404, 409, 422)
  @Roles('neighbourhood', 'area', 'street')
  @HttpCode(201)
  @Post('resources/:id/claim')
  claimResource(@CurrentUser() user: AuthUser, @UuidParam() id: string, @Body() body: ClaimResourceDto) {
    return this.claims.claimResource(user, id, body);
  }

  @ApiOkResponse({ type: ClaimResponse, description: 'the claim, withdrawn' })
  @ApiErrors(400, 403, 404, 409)
  @Roles('neighbourhood', 'area', 'street', 'admin')
  @Delete('demands/:id/claims/:claimId')
  withdrawDemandClaim(@CurrentUser() user: AuthUser, @UuidParam() id: string, @UuidParam('claimId') claimId: string) {
    return this.claims.withdraw(user, { demandId: id }, claimId);
  }

  @ApiOkResponse({ type: ClaimResponse, description: 'the claim, withdrawn' })
  @ApiErrors(400, 403, 404, 409)
  @Roles('neighbourhood', 'area', 'street', 'admin')
  @Delete('resources/:id/claims/:claimId')
  withdrawResourceClaim(@CurrentUser() user: AuthUser, @UuidParam() id: string, @UuidParam('claimId') claimId: string) {
    return this.claims.withdraw(user, { resourceId: id }, claimId);
  }
}
