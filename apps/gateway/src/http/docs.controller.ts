import { Controller, Get, Inject } from '@nestjs/common';
import { asyncApiDocument } from '@ksb/contracts';
import type { Directory } from '@ksb/directory';
import { openApiDocument } from '@ksb/gateway-core';
import { DIRECTORY } from '../gateway.tokens';

const VERSION = '1';

/** API documents, generated from the schemas at start-up, plus liveness. */
@Controller()
export class DocsController {
  private readonly openApi = openApiDocument(VERSION);
  private readonly asyncApi = asyncApiDocument(VERSION);

  constructor(@Inject(DIRECTORY) private readonly directory: Directory) {}

  @Get('openapi.json')
  openapi() {
    return this.openApi;
  }

  @Get('asyncapi.json')
  asyncapi() {
    return this.asyncApi;
  }

  @Get('health')
  health() {
    return { status: 'ok', directoryVersion: this.directory.version };
  }
}
