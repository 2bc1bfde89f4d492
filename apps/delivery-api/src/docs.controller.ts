import { Controller, Get } from '@nestjs/common';
import { deliveryOpenApiDocument } from '@ksb/delivery-inbox';

/** The API's description, generated from the view schemas at start-up (committed as docs/openapi/delivery-api.json). */
@Controller()
export class DocsController {
  private readonly openApi = deliveryOpenApiDocument('1');

  @Get('openapi.json')
  openapi() {
    return this.openApi;
  }
}
