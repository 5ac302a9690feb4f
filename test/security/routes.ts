import type { NestExpressApplication } from '@nestjs/platform-express';
import { randomUUID } from 'node:crypto';
import type { ParamRef, RouteRule } from './authorization-table';
import { DEFAULT_PARAMS } from './authorization-table';
import type { World } from './world';

export interface ServedRoute {
  method: string;
  path: string;
  /** "GET /api/sessions/:id", the table key. */
  key: string;
}

interface ExpressLayer {
  route?: { path: string; methods: Record<string, boolean> };
}

/**
 * Every route the running app serves, read from Express's router (the ground truth: also the
 * routes Swagger does not document).
 */
export function servedRoutes(app: NestExpressApplication): ServedRoute[] {
  const express = app.getHttpAdapter().getInstance() as { router: { stack: ExpressLayer[] } };
  const routes = new Map<string, ServedRoute>();
  for (const layer of express.router.stack) {
    if (!layer.route) continue;
    // A middleware mounted for every method (request logging) is not a route.
    if (Object.keys(layer.route.methods).length > 20) continue;
    for (const [method, on] of Object.entries(layer.route.methods)) {
      if (!on || method === '_all') continue;
      const upper = method.toUpperCase();
      const key = `${upper} ${layer.route.path}`;
      routes.set(key, { method: upper, path: layer.route.path, key });
    }
  }
  return [...routes.values()];
}

export function paramValue(world: World, ref: ParamRef): string {
  switch (ref) {
    case 'campaign':
      return world.campaignId;
    case 'session':
      return world.sessionId;
    case 'application':
      return world.applicationId;
    case 'document':
      return world.documentId;
    case 'segment':
      return world.segmentId;
    case 'candidateUser':
      return world.users.candidate.id;
    case 'examinerUser':
      return world.users.examiner.id;
    case 'categoryCode':
      return world.categoryCode;
    case 'random':
      return randomUUID();
  }
}

/** The concrete URL the table row is asked at. */
export function fillPath(route: ServedRoute, rule: RouteRule | undefined, world: World): string {
  return route.path.replace(/:(\w+)/g, (_, name: string) => {
    const ref = rule?.params?.[name] ?? DEFAULT_PARAMS[name] ?? 'random';
    return encodeURIComponent(paramValue(world, ref));
  });
}
