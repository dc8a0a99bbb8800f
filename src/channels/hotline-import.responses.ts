import { ApiProperty } from '@nestjs/swagger';

export class ImportFieldError {
  @ApiProperty() field: string;
  @ApiProperty() message: string;
}

export class ImportRejection {
  @ApiProperty({ description: '1 = the first work order (a CSV file’s first line after the header)' }) row: number;
  @ApiProperty({ type: String, nullable: true }) externalRef: string | null;
  @ApiProperty({ type: () => [ImportFieldError] }) errors: ImportFieldError[];
}

export class ImportResultResponse {
  @ApiProperty() created: number;
  @ApiProperty({ description: 'work orders taken in before (an import sent again creates nothing)' }) duplicates: number;
  @ApiProperty({ type: () => [ImportRejection] }) rejected: ImportRejection[];
}
