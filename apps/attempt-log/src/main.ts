import 'reflect-metadata';
import { startService } from '@hookline/config';
import { attemptLogService } from './attempt-log.service-definition';

void startService(attemptLogService);
