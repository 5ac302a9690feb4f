import { Client } from 'pg';

/**
 * The pool's connection class. pg-pool drops its own error listener when it hands a connection
 * out, and TypeORM attaches its listener one promise tick later; a server shutdown message that
 * arrives in the same network read as the connection's "ready" (Postgres stopped while requests
 * were opening connections) found no listener and crashed the process. This listener is always
 * there; the connection is already marked unusable by then, so the pool discards it and the
 * request that held it fails with a 503 like any other database outage.
 */
export class PoolClient extends Client {
  constructor(...args: ConstructorParameters<typeof Client>) {
    super(...args);
    this.on('error', () => undefined);
  }
}
