import 'reflect-metadata';
import { startService } from '@hookline/config';
import { registryService } from './registry.service-definition';

void startService(registryService);
