//! The programme: venues and rooms, sessions and their speakers, registrations with
//! capacity and waitlists, the conflict report, agendas and iCalendar feeds.

mod agenda;
mod conflicts;
mod export;
pub mod ical;
mod places;
mod registration_handlers;
mod registrations;
mod room_handlers;
mod rooms;
mod session_handlers;
pub mod session_types;
mod sessions;
mod venue_handlers;
mod venues;

pub use registrations::register;
pub use rooms::{RoomInput, RoomRow};
pub use sessions::{SessionInput, SessionRow, SpeakerInput};
pub use venues::{Setting, VenueInput, VenueRow};

/// Registers the programme routes.
pub fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(export::export_sessions)
        .service(venue_handlers::list_venues)
        .service(venue_handlers::create_venue)
        .service(venue_handlers::get_venue)
        .service(venue_handlers::replace_venue)
        .service(venue_handlers::delete_venue)
        .service(room_handlers::list_rooms)
        .service(room_handlers::create_room)
        .service(room_handlers::get_room)
        .service(room_handlers::replace_room)
        .service(room_handlers::delete_room)
        .service(session_handlers::list_sessions)
        .service(session_handlers::create_session)
        .service(session_handlers::get_session)
        .service(session_handlers::update_session)
        .service(session_handlers::delete_session)
        .service(session_handlers::list_conflicts)
        .service(registration_handlers::create_registration)
        .service(registration_handlers::delete_registration)
        .service(registration_handlers::list_registrations)
        .service(agenda::get_agenda)
        .service(agenda::rotate_calendar_token)
        .service(agenda::get_agenda_ics)
        .service(agenda::get_program_ics);
}
