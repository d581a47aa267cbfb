import { ValidationError, ValidationPipe } from '@nestjs/common';
import { AppError, FieldProblem } from './errors/app-error';

// class-validator failures become BAD_USER_INPUT naming the first offending field (all in `problems`).
export function validationPipe(): ValidationPipe {
  return new ValidationPipe({
    transform: true,
    exceptionFactory: (errors: ValidationError[]) => {
      const problems = validationProblems(errors);
      const first = problems[0] ?? { field: 'input', message: 'Invalid input' };
      return AppError.badInput(first.field, first.message, problems);
    },
  });
}

export function validationProblems(errors: ValidationError[], prefix = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...validationProblems(error.children ?? [], field)];
  });
}
