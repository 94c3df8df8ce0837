export { type Authenticator, hasRole, type Principal } from './authenticator.port.js';
export { ROLES, type Role } from './identities.js';
