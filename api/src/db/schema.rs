//! Diesel table definitions shared by both backends (types both support only).

diesel::table! {
    cities (id) {
        id -> BigInt,
        name -> Text,
        search_text -> Text,
        country -> Text,
        region -> Nullable<Text>,
        population -> Nullable<BigInt>,
        latitude -> Double,
        longitude -> Double,
        time_zone -> Text,
        wikidata_id -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> BigInt,
    }
}

diesel::table! {
    events (id) {
        id -> BigInt,
        slug -> Text,
        name -> Text,
        search_text -> Text,
        starts_on -> Text,
        ends_on -> Text,
        host_city_id -> BigInt,
        time_zone -> Text,
        organisers -> Text,
        themes -> Text,
        status -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> BigInt,
    }
}

diesel::table! {
    delegations (id) {
        id -> BigInt,
        event_id -> BigInt,
        city_id -> BigInt,
        head_delegate_id -> Nullable<BigInt>,
        notes -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> BigInt,
    }
}

diesel::table! {
    delegates (id) {
        id -> BigInt,
        event_id -> BigInt,
        delegation_id -> BigInt,
        city_id -> BigInt,
        given_name -> Text,
        family_name -> Text,
        search_text -> Text,
        honorific -> Nullable<Text>,
        title -> Nullable<Text>,
        role -> Text,
        email -> Nullable<Text>,
        phone -> Nullable<Text>,
        languages -> Text,
        interpretation_needs -> Text,
        dietary_needs -> Nullable<Text>,
        accessibility_needs -> Nullable<Text>,
        arrival_at -> Nullable<Timestamp>,
        departure_at -> Nullable<Timestamp>,
        hotel -> Nullable<Text>,
        bio -> Text,
        photo_url -> Nullable<Text>,
        consent_public_profile -> Bool,
        badge_code -> Text,
        accreditation_status -> Text,
        checked_in_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> BigInt,
    }
}

diesel::table! {
    accreditation_changes (id) {
        id -> BigInt,
        delegate_id -> BigInt,
        from_status -> Text,
        to_status -> Text,
        changed_by -> Nullable<BigInt>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> BigInt,
    }
}

diesel::table! {
    users (id) {
        id -> BigInt,
        email -> Text,
        display_name -> Text,
        password_hash -> Text,
        role -> Text,
        delegate_id -> Nullable<BigInt>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> BigInt,
        exhibitor_id -> Nullable<BigInt>,
        status -> Text,
        language -> Text,
        mail_opt_outs -> Text,
        totp_secret -> Nullable<Text>,
        totp_enabled_at -> Nullable<Timestamp>,
        totp_last_step -> Nullable<BigInt>,
        recovery_codes -> Text,
    }
}

diesel::table! {
    refresh_tokens (id) {
        id -> BigInt,
        user_id -> BigInt,
        family_id -> Text,
        token_id -> Text,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> BigInt,
    }
}

diesel::joinable!(delegates -> delegations (delegation_id));
diesel::joinable!(delegations -> cities (city_id));
diesel::joinable!(events -> cities (host_city_id));
diesel::joinable!(refresh_tokens -> users (user_id));
diesel::allow_tables_to_appear_in_same_query!(
    cities,
    events,
    delegations,
    delegates,
    accreditation_changes,
    users,
    refresh_tokens,
    venues,
    rooms,
    sessions,
    session_speakers,
    registrations,
    calendar_tokens,
    partnerships,
    partnership_changes,
    agreements,
    agreement_signatories,
    milestones,
    initiatives,
    initiative_versions,
    endorsements,
    exhibitors,
    halls,
    booths,
    meeting_tables,
    meetings,
    api_tokens,
    idempotency_keys,
    change_journal,
    audit_entries,
    tombstones,
    webhook_subscriptions,
    webhook_events,
    webhook_deliveries,
);

diesel::table! {
    venues (id) {
        id -> BigInt,
        event_id -> BigInt,
        name -> Text,
        search_text -> Text,
        address -> Nullable<Text>,
        latitude -> Nullable<Double>,
        longitude -> Nullable<Double>,
        setting -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> BigInt,
    }
}

diesel::table! {
    rooms (id) {
        id -> BigInt,
        event_id -> BigInt,
        venue_id -> BigInt,
        name -> Text,
        capacity -> BigInt,
        interpretation_channels -> Text,
        accessibility_notes -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> BigInt,
    }
}

diesel::table! {
    sessions (id) {
        id -> BigInt,
        event_id -> BigInt,
        title -> Text,
        search_text -> Text,
        description -> Text,
        kind -> Text,
        theme -> Nullable<Text>,
        starts_at -> Timestamp,
        ends_at -> Timestamp,
        room_id -> Nullable<BigInt>,
        venue_id -> Nullable<BigInt>,
        capacity -> Nullable<BigInt>,
        languages -> Text,
        interpretation -> Text,
        status -> Text,
        sequence -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> BigInt,
    }
}

diesel::table! {
    session_speakers (id) {
        id -> BigInt,
        session_id -> BigInt,
        delegate_id -> BigInt,
        role -> Text,
        position -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> BigInt,
    }
}

diesel::table! {
    registrations (id) {
        id -> BigInt,
        session_id -> BigInt,
        delegate_id -> BigInt,
        status -> Text,
        registered_by -> Nullable<BigInt>,
        by_organizer -> Bool,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> BigInt,
    }
}

diesel::table! {
    calendar_tokens (id) {
        id -> BigInt,
        delegate_id -> BigInt,
        token -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> BigInt,
    }
}

diesel::joinable!(rooms -> venues (venue_id));
diesel::joinable!(sessions -> rooms (room_id));
diesel::joinable!(session_speakers -> sessions (session_id));
diesel::joinable!(session_speakers -> delegates (delegate_id));
diesel::joinable!(registrations -> sessions (session_id));
diesel::joinable!(registrations -> delegates (delegate_id));

diesel::table! {
    partnerships (id) {
        id -> BigInt,
        city_a_id -> BigInt,
        city_b_id -> BigInt,
        pair_low_id -> BigInt,
        pair_high_id -> BigInt,
        kind -> Text,
        status -> Text,
        established_on -> Nullable<Text>,
        fields -> Text,
        notes -> Nullable<Text>,
        source_url -> Nullable<Text>,
        illustrative -> Bool,
        created_by -> Nullable<BigInt>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> BigInt,
    }
}

diesel::table! {
    partnership_changes (id) {
        id -> BigInt,
        partnership_id -> BigInt,
        from_status -> Nullable<Text>,
        to_status -> Text,
        changed_by -> Nullable<BigInt>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> BigInt,
    }
}

diesel::table! {
    agreements (id) {
        id -> BigInt,
        partnership_id -> BigInt,
        title -> Text,
        kind -> Text,
        signed_on -> Text,
        signed_at_city_id -> Nullable<BigInt>,
        session_id -> Nullable<BigInt>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> BigInt,
    }
}

diesel::table! {
    agreement_signatories (id) {
        id -> BigInt,
        agreement_id -> BigInt,
        city_id -> BigInt,
        delegate_id -> Nullable<BigInt>,
        name -> Nullable<Text>,
        office -> Nullable<Text>,
        position -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> BigInt,
    }
}

diesel::table! {
    milestones (id) {
        id -> BigInt,
        partnership_id -> BigInt,
        occurred_on -> Text,
        kind -> Text,
        description -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> BigInt,
    }
}

diesel::table! {
    initiatives (id) {
        id -> BigInt,
        event_id -> BigInt,
        title -> Text,
        status -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> BigInt,
    }
}

diesel::table! {
    initiative_versions (id) {
        id -> BigInt,
        initiative_id -> BigInt,
        number -> BigInt,
        text -> Text,
        created_by -> Nullable<BigInt>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> BigInt,
    }
}

diesel::table! {
    endorsements (id) {
        id -> BigInt,
        initiative_id -> BigInt,
        initiative_version_id -> BigInt,
        city_id -> BigInt,
        delegate_id -> BigInt,
        endorsed_on -> Text,
        statement -> Nullable<Text>,
        recorded_by -> Nullable<BigInt>,
        withdrawn_at -> Nullable<Timestamp>,
        withdrawn_by -> Nullable<BigInt>,
        withdrawal_reason -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> BigInt,
    }
}

diesel::joinable!(partnership_changes -> partnerships (partnership_id));
diesel::joinable!(agreements -> partnerships (partnership_id));
diesel::joinable!(agreement_signatories -> agreements (agreement_id));
diesel::joinable!(milestones -> partnerships (partnership_id));
diesel::joinable!(initiatives -> events (event_id));
diesel::joinable!(initiative_versions -> initiatives (initiative_id));
diesel::joinable!(endorsements -> initiatives (initiative_id));
diesel::joinable!(endorsements -> delegates (delegate_id));

diesel::table! {
    exhibitors (id) {
        id -> BigInt,
        event_id -> BigInt,
        name -> Text,
        search_text -> Text,
        kind -> Text,
        country -> Text,
        city_id -> Nullable<BigInt>,
        sectors -> Text,
        description -> Text,
        website -> Nullable<Text>,
        logo_url -> Nullable<Text>,
        contacts -> Text,
        status -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> BigInt,
    }
}

diesel::table! {
    halls (id) {
        id -> BigInt,
        event_id -> BigInt,
        name -> Text,
        width -> Double,
        height -> Double,
        opening_hours -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> BigInt,
    }
}

diesel::table! {
    booths (id) {
        id -> BigInt,
        event_id -> BigInt,
        hall_id -> BigInt,
        code -> Text,
        booth_type -> Text,
        x -> Double,
        y -> Double,
        w -> Double,
        h -> Double,
        exhibitor_id -> Nullable<BigInt>,
        assigned_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> BigInt,
    }
}

diesel::table! {
    meeting_tables (id) {
        id -> BigInt,
        event_id -> BigInt,
        hall_id -> BigInt,
        name -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> BigInt,
    }
}

diesel::table! {
    meetings (id) {
        id -> BigInt,
        event_id -> BigInt,
        delegate_id -> BigInt,
        exhibitor_id -> BigInt,
        hall_id -> BigInt,
        requested_by -> Text,
        proposed_slots -> Text,
        message -> Nullable<Text>,
        status -> Text,
        starts_at -> Nullable<Timestamp>,
        ends_at -> Nullable<Timestamp>,
        table_id -> Nullable<BigInt>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> BigInt,
    }
}

diesel::joinable!(booths -> halls (hall_id));
diesel::joinable!(meeting_tables -> halls (hall_id));
diesel::joinable!(meetings -> exhibitors (exhibitor_id));
diesel::joinable!(meetings -> delegates (delegate_id));

diesel::table! {
    api_tokens (id) {
        id -> BigInt,
        user_id -> BigInt,
        name -> Text,
        prefix -> Text,
        secret_hash -> Text,
        scopes -> Text,
        event_id -> Nullable<BigInt>,
        expires_at -> Nullable<Timestamp>,
        last_used_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
        created_by -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> BigInt,
    }
}

diesel::table! {
    idempotency_keys (id) {
        id -> BigInt,
        caller -> Text,
        idempotency_key -> Text,
        fingerprint -> Text,
        status -> Nullable<BigInt>,
        response_headers -> Nullable<Text>,
        response_body -> Nullable<Text>,
        expires_at -> Timestamp,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> BigInt,
    }
}
diesel::joinable!(api_tokens -> events (event_id));

diesel::table! {
    change_journal (id) {
        id -> BigInt,
        table_name -> Text,
        row_id -> BigInt,
        op -> Text,
        before_data -> Nullable<Text>,
        after_data -> Nullable<Text>,
        txid -> Nullable<BigInt>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> BigInt,
    }
}

diesel::table! {
    audit_entries (id) {
        id -> BigInt,
        occurred_at -> Timestamp,
        actor_user_id -> Nullable<BigInt>,
        actor_token_id -> Nullable<BigInt>,
        resource -> Text,
        resource_id -> BigInt,
        action -> Text,
        event_type -> Nullable<Text>,
        event_id -> Nullable<BigInt>,
        before_data -> Nullable<Text>,
        after_data -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> BigInt,
    }
}

diesel::table! {
    tombstones (id) {
        id -> BigInt,
        resource -> Text,
        resource_id -> BigInt,
        event_id -> Nullable<BigInt>,
        deleted_at -> Timestamp,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> BigInt,
    }
}

diesel::table! {
    webhook_subscriptions (id) {
        id -> BigInt,
        url -> Text,
        description -> Nullable<Text>,
        event_types -> Text,
        event_slug -> Nullable<Text>,
        secret -> Text,
        active -> Bool,
        disabled_reason -> Nullable<Text>,
        created_by -> Nullable<BigInt>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> BigInt,
        created_by_token_id -> Nullable<BigInt>,
    }
}

diesel::table! {
    webhook_events (id) {
        id -> BigInt,
        event_type -> Text,
        resource -> Text,
        resource_id -> BigInt,
        event_slug -> Nullable<Text>,
        occurred_at -> Timestamp,
        data -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> BigInt,
    }
}

diesel::table! {
    webhook_deliveries (id) {
        id -> BigInt,
        subscription_id -> BigInt,
        webhook_event_id -> BigInt,
        resource_key -> Text,
        status -> Text,
        attempts -> BigInt,
        next_attempt_at -> Timestamp,
        claimed_until -> Nullable<Timestamp>,
        claimed_by -> Nullable<Text>,
        last_status_code -> Nullable<BigInt>,
        last_duration_ms -> Nullable<BigInt>,
        last_error -> Nullable<Text>,
        delivered_at -> Nullable<Timestamp>,
        redelivery_of -> Nullable<BigInt>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> BigInt,
    }
}

diesel::joinable!(webhook_deliveries -> webhook_subscriptions (subscription_id));
diesel::joinable!(webhook_deliveries -> webhook_events (webhook_event_id));

diesel::table! {
    sign_in_failures (id) {
        id -> BigInt,
        throttle_key -> Text,
        failed_at -> Timestamp,
    }
}

diesel::table! {
    change_generations (resource) {
        resource -> Text,
        generation -> BigInt,
    }
}

diesel::table! {
    account_tokens (id) {
        id -> BigInt,
        user_id -> BigInt,
        purpose -> Text,
        token_hash -> Text,
        created_by -> Nullable<BigInt>,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
        updated_at -> Timestamp,
        version -> BigInt,
    }
}

diesel::table! {
    mail_outbox (id) {
        id -> BigInt,
        kind -> Text,
        recipient -> Text,
        user_id -> Nullable<BigInt>,
        language -> Text,
        subject -> Text,
        text_body -> Text,
        html_body -> Text,
        secret -> Bool,
        status -> Text,
        attempts -> BigInt,
        next_attempt_at -> Timestamp,
        claimed_until -> Nullable<Timestamp>,
        claimed_by -> Nullable<Text>,
        last_error -> Nullable<Text>,
        message_id -> Text,
        template_values -> Nullable<Text>,
        attachment_name -> Nullable<Text>,
        attachment_type -> Nullable<Text>,
        attachment -> Nullable<Text>,
        created_by -> Nullable<BigInt>,
        created_at -> Timestamp,
        sent_at -> Nullable<Timestamp>,
        updated_at -> Timestamp,
        version -> BigInt,
    }
}

diesel::table! {
    erasure_requests (id) {
        id -> BigInt,
        delegate_id -> BigInt,
        requested_by -> Nullable<BigInt>,
        requested_at -> Timestamp,
        carried_out_at -> Nullable<Timestamp>,
        carried_out_by -> Nullable<BigInt>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> BigInt,
    }
}

diesel::joinable!(account_tokens -> users (user_id));
diesel::joinable!(erasure_requests -> delegates (delegate_id));
diesel::allow_tables_to_appear_in_same_query!(erasure_requests, delegates);
diesel::allow_tables_to_appear_in_same_query!(account_tokens, users);

diesel::table! {
    platform_settings (id) {
        id -> BigInt,
        name -> Text,
        value -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> BigInt,
    }
}
