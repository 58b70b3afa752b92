//! Web-hook deliveries from Lever: which ones a manifest sets up, and how one request is judged
//! by the signature inside its body (HMAC-SHA256 of `token` + `triggeredAt`) and its age.

use std::time::SystemTime;

use crate::manifest::Manifest;
use crate::webhooks::delivery::{self, MalformedBody};
use crate::webhooks::inspect::{authentic, describe_millis, digest, refuse};
use crate::webhooks::signature::{self, Secrets};
use crate::webhooks::{ExpectedWebhook, Inspection, LEVER_MAX_SKEW, Request, Verdict, clip, clock};

/// The webhooks `manifest` sets up on Lever, by event (Lever's webhooks have no name of their own).
pub fn expected_webhooks(manifest: &Manifest) -> Vec<ExpectedWebhook> {
    manifest
        .lever
        .iter()
        .flat_map(|setup| &setup.webhooks)
        .map(|webhook| ExpectedWebhook {
            name: webhook.event.event().to_owned(),
            event: webhook.event.event().to_owned(),
        })
        .collect()
}

/// Judges one request received at `now`.
pub fn inspect(secrets: &Secrets, request: &Request<'_>, now: SystemTime) -> Inspection {
    let body = match delivery::lever(request.body) {
        Ok(body) => body,
        // Lever's signature is inside the body: an unreadable body is malformed, not
        // unsigned, and 400 tells Lever (which retries non-2xx) what went wrong.
        Err(error) => return refuse(Verdict::Malformed, 400, error.to_string()),
    };
    let event = body.event.clone();
    let event_id = body.token.as_deref().map(clip);
    let (token, triggered_at, signature_text) = match body.signed_fields() {
        Ok(fields) => fields,
        Err(error) => return refuse(Verdict::Unsigned, 401, error.to_string()).with(event, event_id),
    };
    let signature = match signature::parse_hex(signature_text) {
        Ok(signature) => signature,
        Err(error) => {
            return refuse(Verdict::InvalidSignature, 401, format!("malformed signature: {error}"))
                .with(event, event_id);
        }
    };
    let Some(secret) = signature::verify_lever(secrets, token, &triggered_at.text, &signature) else {
        return refuse(
            Verdict::InvalidSignature,
            401,
            "the signature matches no configured signature token",
        )
        .with(event, event_id);
    };
    // Lever signs only `token + triggeredAt`, not the event or its data: a captured signature
    // could be replayed with any body. The freshness window bounds that to five minutes and
    // the tracker's duplicate check (by token) to one use. A stale delivery is refused with
    // 401, like a bad signature: its authenticity cannot be established, and the same status
    // for every authentication failure tells a prober nothing more. Lever retries it, and
    // every retry is refused the same way, since the retry carries the original triggeredAt
    // (not documented; that is how its signature stays valid).
    let skew_millis = clock::unix_millis(now).saturating_sub(triggered_at.millis);
    let max_millis = i64::try_from(LEVER_MAX_SKEW.as_millis()).unwrap_or(i64::MAX);
    if skew_millis.saturating_abs() > max_millis {
        let direction = if skew_millis > 0 { "ago" } else { "ahead" };
        let reason = format!(
            "triggeredAt is {} {direction}; deliveries more than {} minutes from this machine's clock are refused",
            describe_millis(skew_millis.saturating_abs()),
            LEVER_MAX_SKEW.as_secs() / 60
        );
        return refuse(Verdict::Replayed, 401, reason).with(event, event_id);
    }
    if event.is_none() {
        return refuse(Verdict::Malformed, 400, MalformedBody::Missing("event").to_string()).with(None, event_id);
    }
    let signed = digest(&[token.as_bytes(), triggered_at.text.as_bytes()]);
    authentic(event, event_id, secret, signed)
}
