/**
 * What a domain service refuses, independent of transport: the API's one error middleware maps
 * these to HTTP (404, 409, 422); a worker treats them as permanent (no retry can fix them).
 */
export abstract class DomainError extends Error {}

/** The resource does not exist (HTTP 404). */
export class NotFoundError extends DomainError {
  constructor(
    readonly resource: string,
    readonly id: string | number,
  ) {
    super(`${resource} ${id} not found`);
    this.name = 'NotFoundError';
  }
}

/** The change clashes with existing state, such as a duplicate unique name (HTTP 409). */
export class ConflictError extends DomainError {
  constructor(message: string) {
    super(message);
    this.name = 'ConflictError';
  }
}

/**
 * A state change not allowed from the current state (acknowledging a dismissed alert). A
 * conflict with the resource's state, so HTTP 409 as the wire contract has always answered.
 */
export class InvalidTransitionError extends ConflictError {
  constructor(
    readonly resource: string,
    readonly from: string,
    readonly to: string,
  ) {
    super(`${resource} is ${from} and cannot become ${to}`);
    this.name = 'InvalidTransitionError';
  }
}

/** Input that passed its schema but breaks a rule only the current state can decide (HTTP 422). */
export class InvalidInputError extends DomainError {
  constructor(readonly problems: Array<{ field: string; message: string }>) {
    super(problems.map((problem) => `${problem.field}: ${problem.message}`).join('; '));
    this.name = 'InvalidInputError';
  }
}
