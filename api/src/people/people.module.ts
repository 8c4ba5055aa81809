import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuditModule } from '../audit/audit.module.js';
import { AuthGuard } from './auth.guard.js';
import { PeopleController } from './people.controller.js';
import { PeopleService } from './people.service.js';
import { PersonRepository } from './person.repository.js';
import { SessionController } from './session.controller.js';
import { SessionRepository } from './session.repository.js';
import { SessionService } from './session.service.js';
import { SetupController } from './setup.controller.js';
import { SignInPreload } from './sign-in-preload.js';
import { SignInService } from './sign-in.service.js';
import { AccountAlertRepository } from './account-alert.repository.js';
import { AccountController } from './account.controller.js';
import { AccountService } from './account.service.js';
import { PasswordResetController } from './password-reset.controller.js';
import { PasswordConfirmation } from './password-confirmation.js';
import { PasswordResetRepository } from './password-reset.repository.js';
import { PasswordResetService } from './password-reset.service.js';
import { DeviceCookieSigner } from './device-cookie.js';
import { SignInAlertsService } from './sign-in-alerts.service.js';
import { SignInThrottleRepository } from './sign-in-throttle.repository.js';
import { CONFIG, type Config } from '../config/config.js';
import { loadSecretKey } from '../common/secret-box.js';
import { SecondFactorController, SecondFactorResetController, SignInPolicyController } from './second-factor.controller.js';
import { SecondFactorRepository } from './second-factor.repository.js';
import { SecondFactorKeys, SecondFactorService } from './second-factor.service.js';

@Module({
  imports: [AuditModule],
  controllers: [SetupController, SessionController, PeopleController, AccountController, PasswordResetController, SecondFactorController, SignInPolicyController, SecondFactorResetController],
  providers: [
    PersonRepository,
    SessionRepository,
    PeopleService,
    SessionService,
    SignInService,
    SignInPreload,
    SignInThrottleRepository,
    AccountAlertRepository,
    SignInAlertsService,
    AccountService,
    PasswordConfirmation,
    PasswordResetRepository,
    PasswordResetService,
    { provide: DeviceCookieSigner, useFactory: async (config: Config) => new DeviceCookieSigner(await loadSecretKey(config.secretKey, config.dataDir)), inject: [CONFIG] },
    SecondFactorRepository,
    SecondFactorService,
    { provide: SecondFactorKeys, useFactory: async (config: Config) => new SecondFactorKeys(await loadSecretKey(config.secretKey, config.dataDir)), inject: [CONFIG] },
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [PeopleService, SessionService, SecondFactorService, SignInPreload],
})
export class PeopleModule {}
