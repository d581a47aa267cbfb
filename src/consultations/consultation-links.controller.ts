import { Controller, Get, NotFoundException, Param, Redirect } from '@nestjs/common';
import { isUUID } from 'class-validator';

/**
 * The address a digest email or a calendar event gives for a consultation, `/consultations/<id>`,
 * opens it in the planner, whose pages live behind `#`. The planner signs the reader in and shows
 * only what their key may see, so the redirect itself reveals nothing.
 */
@Controller('consultations')
export class ConsultationLinksController {
  @Get(':id')
  @Redirect()
  open(@Param('id') id: string): { url: string; statusCode: number } {
    if (!isUUID(id)) throw new NotFoundException('No consultation has that address');
    return { url: `/#/consultation/${id.toLowerCase()}`, statusCode: 302 };
  }
}
