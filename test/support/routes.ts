import type { INestApplication } from '@nestjs/common';
import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ModulesContainer } from '@nestjs/core';
import { getMetadataStorage } from 'class-validator';
import { IS_PUBLIC, ROLES_KEY } from '../../src/auth/decorators';
import type { Role } from '../../src/auth/role';

/** One HTTP route of the running app, found by reflection on Nest's and class-validator's metadata. */
export interface Route {
  name: string; // Controller.handler
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** `/api/cases/:id`, `/wall/*path` */
  path: string;
  params: string[];
  body?: Function;
  query?: Function;
  isPublic: boolean;
  roles?: Role[];
}

/** A property of a DTO, with what its validators expect (`location.lat`: nested under `location`). */
export interface DtoField {
  name: string;
  kind: 'string' | 'number' | 'boolean' | 'array' | 'object';
  optional: boolean;
  /** Constraint names: isString, isIn, isUuid, isIsoDuration … */
  checks: Map<string, unknown[]>;
  nested?: Function;
}

const METHODS: Partial<Record<RequestMethod, Route['method']>> = {
  [RequestMethod.GET]: 'GET',
  [RequestMethod.POST]: 'POST',
  [RequestMethod.PUT]: 'PUT',
  [RequestMethod.PATCH]: 'PATCH',
  [RequestMethod.DELETE]: 'DELETE',
};

const first = (p: unknown): string => {
  const v: unknown = Array.isArray(p) ? p[0] : p;
  return typeof v === 'string' ? v : '';
};
const trim = (p: string) => p.replace(/^\/+|\/+$/g, '');

/** Every controller route of the app; `unprefixed` names the controller paths outside `/api`. */
export function discoverRoutes(app: INestApplication, unprefixed = ['wall', 'm', 'r', 't', 'resident']): Route[] {
  const routes: Route[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype;
      if (!controller?.prototype) continue;
      const base = trim(first(Reflect.getMetadata(PATH_METADATA, controller)));
      for (const handler of Object.getOwnPropertyNames(controller.prototype)) {
        const fn = controller.prototype[handler];
        if (handler === 'constructor' || typeof fn !== 'function') continue;
        const method = METHODS[Reflect.getMetadata(METHOD_METADATA, fn) as RequestMethod];
        if (!method) continue;
        const own = trim(first(Reflect.getMetadata(PATH_METADATA, fn)));
        const prefix = unprefixed.includes((base || own).split('/')[0]) ? '' : 'api';
        const path = '/' + [prefix, base, own].filter(Boolean).join('/');
        const types: Function[] = Reflect.getMetadata('design:paramtypes', controller.prototype, handler) ?? [];
        const args: Record<string, { index: number; data?: string }> = Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, handler) ?? {};
        const argOf = (type: RouteParamtypes) =>
          Object.entries(args)
            .filter(([key]) => key.split(':')[0] === String(type))
            .map(([, a]) => a);
        const dto = (type: RouteParamtypes) => {
          const cls = argOf(type).find((a) => !a.data);
          const t = cls ? types[cls.index] : undefined;
          return t && t !== Object && getMetadataStorage().getTargetValidationMetadatas(t, '', true, false).length ? t : undefined;
        };
        routes.push({
          name: `${controller.name}.${handler}`,
          method,
          path,
          params: [...path.matchAll(/[:*](\w+)/g)].map((m) => m[1]),
          body: dto(RouteParamtypes.BODY),
          query: dto(RouteParamtypes.QUERY),
          isPublic: Reflect.getMetadata(IS_PUBLIC, fn) ?? Reflect.getMetadata(IS_PUBLIC, controller) ?? false,
          roles: Reflect.getMetadata(ROLES_KEY, fn) ?? Reflect.getMetadata(ROLES_KEY, controller),
        });
      }
    }
  }
  return routes;
}

/** The validated properties of a DTO class (inherited ones included), in declaration order. */
export function dtoFields(dto: Function): DtoField[] {
  const fields = new Map<string, DtoField>();
  for (const m of getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false)) {
    const design: Function | undefined = Reflect.getMetadata('design:type', dto.prototype, m.propertyName);
    const field =
      fields.get(m.propertyName) ??
      fields
        .set(m.propertyName, {
          name: m.propertyName,
          kind:
            design === Number
              ? 'number'
              : design === Boolean
                ? 'boolean'
                : design === Array
                  ? 'array'
                  : design === String || design === Object
                    ? 'string'
                    : 'object',
          optional: false,
          checks: new Map(),
        })
        .get(m.propertyName)!;
    if (m.name === 'isOptional') field.optional = true;
    else if (m.type === 'nestedValidation') field.nested = design;
    else if (m.name) field.checks.set(m.name, m.constraints ?? []);
  }
  return [...fields.values()];
}
