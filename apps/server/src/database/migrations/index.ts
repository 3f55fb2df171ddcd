import { InitialSchema1764057600000 } from './1764057600000-initial-schema';
import { MqttBrokerMode1796169600000 } from './1796169600000-mqtt-broker-mode';

/** In order; a migration once released is never edited, only followed by a new one. */
export const MIGRATIONS = [InitialSchema1764057600000, MqttBrokerMode1796169600000];
