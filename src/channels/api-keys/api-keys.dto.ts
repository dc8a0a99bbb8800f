import { IsString, Length, Matches } from 'class-validator';

export class CreateApiKeyDto {
  /** Whose key it is (the app or the organisation), as the list shows it. */
  @IsString() @Length(1, 100) @Matches(/\S/, { message: 'name must not be blank' }) name: string;
}
