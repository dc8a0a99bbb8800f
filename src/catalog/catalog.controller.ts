import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../common/api-responses';
import { CalendarResponse, CategoryList, CategoryResponse, DepartmentList } from './catalog.responses';
import { Roles } from '../auth/decorators';
import { CatalogService } from './catalog.service';
import type { Category } from './category.entity';
import { CategoryDto } from './category.dto';

const view = ({ updatedAt: _updatedAt, ...category }: Category) => category;

@ApiTags('reference data')
@ApiBearerAuth()
@ApiErrors(401, 503)
@Controller()
export class CatalogController {
  constructor(private readonly catalog: CatalogService) {}

  @ApiOkResponse({ type: DepartmentList })
  @Get('departments')
  async departments() {
    return { items: await this.catalog.departments() };
  }

  @ApiOkResponse({ type: CategoryList })
  @Get('categories')
  async categories() {
    return { items: (await this.catalog.categories()).map(view) };
  }

  @ApiOkResponse({ type: CategoryResponse })
  @ApiErrors(404)
  @Get('categories/:code')
  async category(@Param('code') code: string) {
    return view(await this.catalog.category(code));
  }

  @ApiOkResponse({ type: CategoryResponse })
  @ApiErrors(400, 403, 404)
  @Put('categories/:code')
  @Roles('admin')
  async replace(@Param('code') code: string, @Body() body: CategoryDto) {
    return view(await this.catalog.replaceCategory(code, body));
  }

  @ApiOkResponse({ type: CalendarResponse })
  @Get('calendar')
  calendar() {
    return this.catalog.calendar();
  }
}
