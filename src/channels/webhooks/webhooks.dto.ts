import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsOptional, IsString, IsUUID, Length, MaxLength } from 'class-validator';
import { PageQuery } from '../../common/pagination';
import { ALL_EVENTS } from '../../events/domain-events';

export class CreateWebhookDto {
  @ApiProperty({ example: 'https://hotline.example.gov.cn/hooks/grid', description: 'http or https; no credentials in it' })
  @IsString()
  @MaxLength(2000)
  url: string;

  @ApiProperty({ enum: ALL_EVENTS, isArray: true, description: 'event names as on /live' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(ALL_EVENTS.length)
  @ArrayUnique()
  @IsIn(ALL_EVENTS, { each: true })
  events: string[];

  @ApiProperty({ description: 'signs every delivery (X-Signature); 16–256 characters; never shown again' })
  @IsString()
  @Length(16, 256)
  secret: string;
}

export class DeliveryQuery extends PageQuery {
  /** Only the attempts of one event. */
  @IsOptional() @IsUUID() eventId?: string;
}
