import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type express from 'express';
import { SERVER_VERSION } from '../../observability/version';
import { AdminModule } from '../admin.module';
import { allowPageInlineStylesByHash } from './explorer-csp';
import { addAdminSecuritySchemes } from './security-schemes';

export const OPENAPI_DOCUMENT_PATH = '/admin/api/openapi.json';
export const EXPLORER_PATH = '/admin/api/docs';

/**
 * The management API described for people and tools: the OpenAPI 3 document at
 * /admin/api/openapi.json and swagger-ui at /admin/api/docs. Only the admin API: the data-plane
 * REST API follows Azure's published spec. Both answer without a login, as a published spec
 * does: they hold the routes' shapes (public in the source), no hub, key or setting. Call after
 * protectAdminPages, whose CSP the explorer page extends.
 */
export function setupAdminOpenApi(app: INestApplication): void {
  const config = addAdminSecuritySchemes(
    new DocumentBuilder()
      .setTitle('Switchboard management API')
      .setDescription(
        'Hubs, access keys, live connections and groups, broadcast, client URLs, retained MQTT messages, cluster nodes and the audit log. ' +
          'Errors answer `{ "error": { "code", "message", "target" } }`. ' +
          'The data-plane REST API (`/api/hubs/...`) is Azure Web PubSub\'s and follows its published spec.',
      )
      .setVersion(SERVER_VERSION)
      .setExternalDoc('Data-plane REST API: Azure Web PubSub\'s published spec', 'https://github.com/Azure/azure-rest-api-specs/tree/main/specification/webpubsub/data-plane'),
  ).build();
  const document = () =>
    SwaggerModule.createDocument(app, config, {
      include: [AdminModule],
      operationIdFactory: (controller, method) => `${controller.replace(/Controller$/, '')}_${method}`,
    });

  allowPageInlineStylesByHash(app.getHttpAdapter().getInstance() as express.Express, [EXPLORER_PATH, `${EXPLORER_PATH}/index.html`]);
  SwaggerModule.setup(EXPLORER_PATH, app, document, {
    jsonDocumentUrl: OPENAPI_DOCUMENT_PATH,
    raw: ['json'],
    customSiteTitle: 'Switchboard management API',
    swaggerOptions: {
      // swagger-ui would otherwise send the document's URL to validator.swagger.io for a badge.
      validatorUrl: null,
      // Without the top bar: it only holds a document URL box, and a logo whose <style> is built in script, outside any hash.
      layout: 'BaseLayout',
      tagsSorter: 'alpha',
    },
  });
}
