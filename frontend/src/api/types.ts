/**
 * Short names for the generated API types. Nothing here is written by hand: every type
 * is an alias into `schema.d.ts`, which `npm run generate` makes from the OpenAPI spec.
 */
import type { components, operations } from './schema';

type Schemas = components['schemas'];

export type Agenda = Schemas['Agenda'];
export type AgendaItem = Schemas['AgendaItem'];
export type AccreditationAction = Schemas['AccreditationAction'];
export type AccreditationStatus = Schemas['AccreditationStatus'];
export type CheckInResult = Schemas['CheckInResult'];
export type City = Schemas['City'];
export type Delegate = Schemas['Delegate'];
export type DelegateProfile = Schemas['DelegateProfile'];
export type DelegateRole = Schemas['DelegateRole'];
export type Delegation = Schemas['Delegation'];
export type Event = Schemas['Event'];
export type FieldError = Schemas['FieldError'];
export type ImportReport = Schemas['ImportReport'];
export type LangMap = Schemas['LangMap'];
export type Me = Schemas['Me'];
export type OrganiserRole = Schemas['OrganiserRole'];
export type Problem = Schemas['Problem'];
export type Registration = Schemas['Registration'];
export type Room = Schemas['Room'];
export type Session = Schemas['Session'];
export type SessionKind = Schemas['SessionKind'];
export type Speaker = Schemas['Speaker'];
export type SpeakerInput = Schemas['SpeakerInput'];
export type SpeakerRole = Schemas['SpeakerRole'];
export type Venue = Schemas['Venue'];
export type Role = Schemas['Role'];
export type TokenPair = Schemas['TokenPair'];
export type UpdateDelegate = Schemas['UpdateDelegate'];

export type Agreement = Schemas['Agreement'];
export type AgreementKind = Schemas['AgreementKind'];
export type CityPartners = Schemas['CityPartners'];
export type CitySummary = Schemas['CitySummary'];
export type CooperationField = Schemas['CooperationField'];
export type CreatePartnership = Schemas['CreatePartnership'];
export type Edge = Schemas['Edge'];
export type Endorsement = Schemas['Endorsement'];
export type Initiative = Schemas['Initiative'];
export type InitiativeStatus = Schemas['InitiativeStatus'];
export type InitiativeVersion = Schemas['InitiativeVersion'];
export type Milestone = Schemas['Milestone'];
export type MilestoneKind = Schemas['MilestoneKind'];
export type Network = Schemas['Network'];
export type NetworkNode = Schemas['NetworkNode'];
export type Partner = Schemas['Partner'];
export type Partnership = Schemas['Partnership'];
export type PartnershipAction = Schemas['PartnershipAction'];
export type PartnershipKind = Schemas['PartnershipKind'];
export type PartnershipPath = Schemas['PartnershipPath'];
export type PartnershipStatus = Schemas['PartnershipStatus'];
export type StatusChange = Schemas['StatusChange'];

/** The query of the organizers' delegate list, as the spec defines it. */
export type DelegateListQuery = NonNullable<operations['list_delegates']['parameters']['query']>;

/** The filters of the public session list, as the spec defines them. */
export type SessionListQuery = NonNullable<operations['list_sessions']['parameters']['query']>;

/** The filters of the partnership network (the map), as the spec defines them. */
export type NetworkQuery = NonNullable<operations['partnership_network']['parameters']['query']>;

/** The query of the partnership list, as the spec defines it. */
export type PartnershipListQuery = NonNullable<operations['list_partnerships']['parameters']['query']>;

export type AcceptMeeting = Schemas['AcceptMeeting'];
export type AgendaMeeting = Schemas['AgendaMeeting'];
export type ApplicationAction = Schemas['ApplicationAction'];
export type ApplicationOutcome = Schemas['ApplicationOutcome'];
export type ApplicationStatus = Schemas['ApplicationStatus'];
export type Booth = Schemas['Booth'];
export type BoothPlace = Schemas['BoothPlace'];
export type BoothType = Schemas['BoothType'];
export type Conflict = Schemas['Conflict'];
export type ConflictKind = Schemas['ConflictKind'];
export type Contact = Schemas['Contact'];
export type CountryCode = Schemas['CountryCode'];
export type CreateMeeting = Schemas['CreateMeeting'];
export type Exhibitor = Schemas['Exhibitor'];
export type ExhibitorKind = Schemas['ExhibitorKind'];
export type FloorPlan = Schemas['FloorPlan'];
export type FloorPlanBooth = Schemas['FloorPlanBooth'];
export type FloorPlanExhibitor = Schemas['FloorPlanExhibitor'];
export type Hall = Schemas['Hall'];
export type Meeting = Schemas['Meeting'];
export type MeetingAction = Schemas['MeetingAction'];
export type MeetingStatus = Schemas['MeetingStatus'];
export type MeetingTable = Schemas['MeetingTable'];
export type OpeningHours = Schemas['OpeningHours'];
export type Party = Schemas['Party'];
export type RecommendedDelegate = Schemas['RecommendedDelegate'];
export type RecommendedExhibitor = Schemas['RecommendedExhibitor'];
export type Sector = Schemas['Sector'];
export type SessionInput = Schemas['SessionInput'];
export type SessionStatus = Schemas['SessionStatus'];
export type Slot = Schemas['Slot'];
export type UpdateExhibitor = Schemas['UpdateExhibitor'];
export type UpdateSession = Schemas['UpdateSession'];

/** The filters of the exhibitor list, as the spec defines them. */
export type ExhibitorListQuery = NonNullable<operations['list_exhibitors']['parameters']['query']>;

/** The filters of the meeting list, as the spec defines them. */
export type MeetingListQuery = NonNullable<operations['list_meetings']['parameters']['query']>;

export type ApiToken = Schemas['ApiToken'];
export type AuditActor = Schemas['AuditActor'];
export type AuditEntry = Schemas['AuditEntry'];
export type CreateApiToken = Schemas['CreateApiToken'];
export type CreatedApiToken = Schemas['CreatedApiToken'];
export type CreateWebhook = Schemas['CreateWebhook'];
export type CreatedWebhook = Schemas['CreatedWebhook'];
export type Delivery = Schemas['Delivery'];
export type Scope = Schemas['Scope'];
export type UpdateWebhook = Schemas['UpdateWebhook'];
export type Webhook = Schemas['Webhook'];

/** The filters of the audit log, as the spec defines them. */
export type AuditListQuery = NonNullable<operations['list_audit_entries']['parameters']['query']>;

export type Account = Schemas['Account'];
export type AccountChanges = Schemas['AccountChanges'];
export type AccountStatus = Schemas['AccountStatus'];
export type Binding = Schemas['Binding'];
export type BulkInvitation = Schemas['BulkInvitation'];
export type BulkInvitationReport = Schemas['BulkInvitationReport'];
export type InvitationDetails = Schemas['InvitationDetails'];
export type InvitationOutcome = Schemas['InvitationOutcome'];
export type Mail = Schemas['Mail'];
export type NewAccount = Schemas['NewAccount'];

/** The filters of the account list (admins), as the spec defines them. */
export type UserListQuery = NonNullable<operations['list_users']['parameters']['query']>;

/** The filters of the mail log (admins), as the spec defines them. */
export type MailListQuery = NonNullable<operations['list_mails']['parameters']['query']>;

export type TwoFactorSetup = Schemas['TwoFactorSetup'];
export type RecoveryCodes = Schemas['RecoveryCodes'];
export type SecuritySettings = Schemas['SecuritySettings'];
export type NotificationSettings = Schemas['NotificationSettings'];
export type ErasureRequest = Schemas['ErasureRequest'];
export type MyData = Schemas['MyData'];
