//! Web-hook deliveries from Greenhouse: which ones a manifest sets up, and how one request is
//! judged by its `Signature` header (HMAC-SHA256 of the raw body) and its `action`.

use std::time::SystemTime;

use crate::catalog::Catalog;
use crate::manifest::Manifest;
use crate::webhooks::delivery;
use crate::webhooks::inspect::{authentic, digest, header_text, ping, refuse};
use crate::webhooks::signature::{self, Secrets};
use crate::webhooks::{ExpectedWebhook, Inspection, Request, Verdict};

/// The web hooks `manifest` sets up on Greenhouse, by name and action.
pub fn expected_webhooks(manifest: &Manifest) -> Vec<ExpectedWebhook> {
    manifest
        .greenhouse
        .iter()
        .flat_map(|setup| &setup.webhooks)
        .map(|webhook| ExpectedWebhook {
            name: webhook.name.clone(),
            event: webhook.event.action().to_owned(),
        })
        .collect()
}

/// Judges one request. Greenhouse signs no timestamp, so the time it arrived does not matter.
pub fn inspect(secrets: &Secrets, request: &Request<'_>, _received: SystemTime) -> Inspection {
    inspect_request(secrets, request)
}

fn inspect_request(secrets: &Secrets, request: &Request<'_>) -> Inspection {
    let event_id = request.event_id.and_then(header_text);
    let body = delivery::greenhouse(request.body);
    let action = body.as_ref().ok().and_then(|body| body.action.clone());
    let known = action.as_deref().is_some_and(is_documented_greenhouse_action);
    let Some(header) = request.signature else {
        // Greenhouse signs every delivery. Only the save-time ping may come unsigned: its body
        // is undocumented, and if it is not answered 200 the web hook is saved disabled
        // (reference README, "Greenhouse webhooks"). So an unsigned body that names no
        // documented action is a ping; one that does is refused.
        return if body.is_ok() && !known {
            ping(
                action,
                event_id,
                None,
                "unsigned, and not a documented Greenhouse action",
            )
        } else {
            refuse(Verdict::Unsigned, 401, "no Signature header").with(action, event_id)
        };
    };
    let parsed = std::str::from_utf8(header)
        .map_err(|_| "the Signature header is not text".to_owned())
        .and_then(|text| {
            signature::parse_greenhouse(text).map_err(|error| format!("malformed Signature header: {error}"))
        });
    let signature = match parsed {
        Ok(signature) => signature,
        Err(reason) => return refuse(Verdict::InvalidSignature, 401, reason).with(action, event_id),
    };
    let Some(secret) = signature::verify_greenhouse(secrets, request.body, &signature) else {
        return refuse(
            Verdict::InvalidSignature,
            401,
            "the signature matches no configured secret",
        )
        .with(action, event_id);
    };
    match body {
        Err(error) => refuse(Verdict::Malformed, 400, error.to_string()).with(None, event_id),
        Ok(_) if !known => ping(action, event_id, Some(secret), "not a documented Greenhouse action"),
        Ok(_) => authentic(action, event_id, secret, digest(&[request.body])),
    }
}

/// Whether Greenhouse documents deliveries with this `action`.
pub fn is_documented_greenhouse_action(action: &str) -> bool {
    Catalog::bundled()
        .greenhouse_events()
        .iter()
        .any(|event| event.action() == action)
}
