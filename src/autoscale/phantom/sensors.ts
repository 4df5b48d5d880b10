// src/autoscale/phantom/sensors.ts — phantom.sensors: the OpenTSDB metrics sensor domains can scale on.
import type { Paginator } from '../../core/pagination.js'
import { path } from '../../core/path.js'
import type { PhantomCallOptions, PhantomClient } from './client.js'
import { checkResourceId } from './ids.js'
import { getOne, listOf, type Kind } from './rest.js'
import { SensorDecoder, type PhantomSensor } from './schemas.js'

const SENSOR: Kind<PhantomSensor> = { what: 'sensor', decoder: SensorDecoder }

/**
 * `phantom.sensors`: metric names for `sensor_metric` and `monitor_sensors`.
 * @example for await (const s of phantom.sensors.list()) console.log(s.id)
 */
export class PhantomSensorsApi {
  readonly #client: PhantomClient
  constructor(client: PhantomClient) {
    this.#client = client
  }

  /** Every sensor (`GET /sensors`). @example const ids = (await phantom.sensors.list().toArray()).map((s) => s.id) */
  list(opts: PhantomCallOptions = {}): Paginator<PhantomSensor> {
    return listOf(this.#client, path`/sensors`, SENSOR, opts)
  }

  /** One sensor; NotFoundError for an unknown metric. @example await phantom.sensors.get('proc.loadavg.1min') */
  async get(id: string, opts: PhantomCallOptions = {}): Promise<PhantomSensor> {
    checkResourceId(id, 'sensor id')
    return getOne(this.#client, path`/sensors/${id}`, SENSOR, opts)
  }
}
