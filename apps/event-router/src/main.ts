import 'reflect-metadata';
import { startService } from '@hookline/config';
import { routerService } from './router.service-definition';

void startService(routerService);
