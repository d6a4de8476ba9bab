import { createContext, useContext } from 'react';
import type { Session, TokenStore } from '../auth/tokens';
import type { Api } from './client';
import type { Me, Role } from './types';

/** The API client and the session, shared by the whole app. */
export interface Services {
  api: Api;
  tokens: TokenStore;
}

export const ServicesContext = createContext<Services | null>(null);

export function useServices(): Services {
  const value = useContext(ServicesContext);
  if (!value) throw new Error('useServices outside its provider');
  return value;
}

export function useApi(): Api {
  return useServices().api;
}

/** Who is signed in, and the two things one can do about it. */
export interface Auth {
  session: Session | null;
  /** The signed-in user, once `/auth/me` has answered. */
  me: Me | undefined;
  /** True while a session exists but `/auth/me` has not answered yet. */
  pending: boolean;
  /** Why `/auth/me` failed (e.g. the network), with a way to ask again. */
  meError: unknown;
  retryMe: () => void;
  /**
   * Signs in; `code` is the second factor (an app's code or a recovery code) of an account
   * that has one, asked for after a first answer of `PROBLEM.secondFactorRequired`.
   */
  signIn: (email: string, password: string, code?: string) => Promise<void>;
  /** Signs in with a token pair the API gave otherwise (an accepted invitation), as `signIn` does. */
  startSession: (pair: Session) => void;
  signOut: () => Promise<void>;
}

export const AuthContext = createContext<Auth | null>(null);

export function useAuth(): Auth {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth outside AuthProvider');
  return value;
}

/** Where a user goes after signing in: their own page, or the back office. */
export function homeOf(role: Role): string {
  if (role === 'delegate') return '/me';
  if (role === 'admin' || role === 'organizer') return '/admin/accreditation';
  return '/';
}

/** Whether the user may use the back office. */
export function isStaff(me: Me | undefined): boolean {
  return me?.role === 'admin' || me?.role === 'organizer';
}
