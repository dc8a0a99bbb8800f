import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/decorators';
import { CatalogService } from './catalog.service';
import type { Category } from './category.entity';
import { CategoryDto } from './category.dto';

const view = ({ updatedAt: _updatedAt, ...category }: Category) => category;

@ApiTags('reference data')
@ApiBearerAuth()
@Controller()
export class CatalogController {
  constructor(private readonly catalog: CatalogService) {}

  @Get('departments')
  async departments() {
    return { items: await this.catalog.departments() };
  }

  @Get('categories')
  async categories() {
    return { items: (await this.catalog.categories()).map(view) };
  }

  @Get('categories/:code')
  async category(@Param('code') code: string) {
    return view(await this.catalog.category(code));
  }

  @Put('categories/:code')
  @Roles('admin')
  async replace(@Param('code') code: string, @Body() body: CategoryDto) {
    return view(await this.catalog.replaceCategory(code, body));
  }

  @Get('calendar')
  calendar() {
    return this.catalog.calendar();
  }
}
