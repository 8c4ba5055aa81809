import { Module } from '@nestjs/common';
import { PeopleModule } from '../people/people.module.js';
import { ProfileController } from './profile.controller.js';

@Module({ imports: [PeopleModule], controllers: [ProfileController] })
export class ProfileModule {}
