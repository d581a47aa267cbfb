import { Module } from '@nestjs/common';
import { ConsultationsModule } from '../consultations/consultations.module';
import { ProtectedWindowsResolver } from './protected-windows.resolver';
import { ProtectedWindowsService } from './protected-windows.service';

// Protected windows: consultations the network coordinator keeps clear of others reaching their people.
@Module({
  imports: [ConsultationsModule],
  providers: [ProtectedWindowsService, ProtectedWindowsResolver],
})
export class ProtectedWindowsModule {}
