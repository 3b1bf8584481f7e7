import 'reflect-metadata';
import { startService } from '@hookline/config';
import { dispatcherService } from './dispatcher.service-definition';

void startService(dispatcherService);
