import { Module } from '@nestjs/common';
import { CONFIG, type Config } from '../config/config.js';
import { loadSecretKey } from '../common/secret-box.js';
import { NotificationDeliveryController } from './notification-delivery.controller.js';
import { NotificationDeliveryRepository } from './notification-delivery.repository.js';
import { NotificationDeliveryService, VAPID_KEYS } from './notification-delivery.service.js';
import { UnsubscribeTokens } from './unsubscribe-token.js';
import { loadVapidKeys } from './vapid-keys.js';

/** Web Push and batched email for notification rows; the one-click unsubscribe; where system mail goes. */
@Module({
  controllers: [NotificationDeliveryController],
  providers: [
    NotificationDeliveryRepository,
    NotificationDeliveryService,
    { provide: VAPID_KEYS, useFactory: (config: Config) => loadVapidKeys(config.dataDir), inject: [CONFIG] },
    { provide: UnsubscribeTokens, useFactory: async (config: Config) => new UnsubscribeTokens(await loadSecretKey(config.secretKey, config.dataDir)), inject: [CONFIG] },
  ],
})
export class NotificationDeliveryModule {}
