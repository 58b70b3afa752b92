//! Handler panics in the fake servers: a panic inside a request handler must fail the test,
//! not just drop one connection and leave the test to pass or fail by accident.

// Also compiled into the fake servers' examples, where nothing outside uses these items.
#![allow(unreachable_pub)]

use std::sync::{Arc, Mutex};

use bytes::Bytes;
use http_body_util::Full;

pub type Reply = hyper::Response<Full<Bytes>>;

/// Runs one request's handler as its own task, so that a panic in it is caught: recorded in
/// `panics` (the fake's `Drop` then fails the test) and answered 500, where it would otherwise
/// only drop the connection and leave the test to pass or fail by accident.
pub async fn catching_panics(
    panics: Arc<Mutex<Vec<String>>>,
    handler: impl std::future::Future<Output = Result<Reply, std::io::Error>> + Send + 'static,
) -> Result<Reply, std::io::Error> {
    match tokio::spawn(handler).await {
        Ok(reply) => reply,
        Err(error) => {
            let message = match error.try_into_panic() {
                Ok(payload) => payload
                    .downcast_ref::<&str>()
                    .map(|text| (*text).to_owned())
                    .or_else(|| payload.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "(not a text message)".to_owned()),
                Err(error) => error.to_string(),
            };
            panics
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .push(message);
            let mut reply = hyper::Response::new(Full::new(Bytes::from_static(b"the fake's handler panicked")));
            *reply.status_mut() = hyper::StatusCode::INTERNAL_SERVER_ERROR;
            Ok(reply)
        }
    }
}

/// Fails the test when a handler panicked, unless it is failing already.
pub fn fail_on_handler_panics(fake: &str, panics: &Mutex<Vec<String>>) {
    let panics = panics.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    if !panics.is_empty() && !std::thread::panicking() {
        panic!("a request handler of the fake {fake} panicked: {}", panics.join("; "));
    }
}
