//! The test suite's fake Ashby as a standalone server, for demos and trying the Ashby check and
//! webhook creation offline:
//!
//! ```text
//! cargo run --example fake_ashby -- --port 4020
//! ```
//!
//! It serves Ashby's API (every call a POST to `http://127.0.0.1:PORT/<category>.<method>`) with
//! demo API keys, prints the `export` lines that point atsctl at it, and serves until killed.
//! `GET /_fake/webhooks` lists the webhooks it holds (without tokens), `GET /_fake/log` the
//! requests it received (never the keys or tokens), and `POST /_fake/reset` forgets the log and
//! the rate-limit buckets.

#[path = "../tests/support/fake_ashby.rs"]
mod fake_ashby;

use std::io::Write as _;
use std::path::PathBuf;
use std::time::Duration;

use clap::Parser;
use fake_ashby::{ALL_READS, FakeAshby, FakeAshbyConfig, Fault, FaultRule, ForbiddenShape, RateLimit};

/// Every read permission, and API Keys write (to create webhooks).
const KEY: &str = "demo-ashby-key";
/// Every read but Candidates, and no API Keys permission at all: apiKey.info answers 403, so
/// the check falls back to one probe per module.
const KEY_NO_CANDIDATES: &str = "demo-ashby-key-no-candidates";

/// Serve a fake Ashby API on 127.0.0.1.
#[derive(Debug, Parser)]
struct Args {
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// Requests per second and key before 429s.
    #[arg(long, default_value_t = 20)]
    rate_limit: u32,
    /// Leave `Retry-After` off the 429s.
    #[arg(long)]
    no_retry_after: bool,
    /// apiKey.info answers without its `scopes` list.
    #[arg(long)]
    hide_scopes: bool,
    /// Put `missing_endpoint_permission` in `errors[]` instead of `errorInfo.code`.
    #[arg(long)]
    errors_array: bool,
    /// Accept a second webhook for the same type and URL (Ashby is seen refusing it).
    #[arg(long)]
    allow_duplicates: bool,
    /// Save new webhooks disabled, as when Ashby's ping of the URL fails.
    #[arg(long)]
    ping_fails: bool,
    /// Create the first webhook, then drop the connection unanswered (a lost answer).
    #[arg(long)]
    drop_first_create: bool,
    /// Delay before every answer, in milliseconds.
    #[arg(long, default_value_t = 0)]
    latency_ms: u64,
    /// Print each request to stderr.
    #[arg(long)]
    echo: bool,
    /// Also write the `export` lines to this file (for scripts).
    #[arg(long, value_name = "FILE")]
    env_file: Option<PathBuf>,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = Args::parse();
    let mut full: Vec<&str> = ALL_READS.to_vec();
    full.push("apiKeysWrite");
    let no_candidates: Vec<&str> = ALL_READS
        .iter()
        .copied()
        .filter(|id| *id != "candidatesRead" && *id != "apiKeysRead")
        .collect();
    let mut config = FakeAshbyConfig {
        scopes_in_key_info: !args.hide_scopes,
        forbidden_shape: if args.errors_array {
            ForbiddenShape::ErrorsString
        } else {
            ForbiddenShape::ErrorInfo
        },
        rate_limit: Some(RateLimit {
            per_second: args.rate_limit.max(1),
            burst: args.rate_limit.max(1),
            retry_after: !args.no_retry_after,
            partner_scope: false,
        }),
        reject_duplicates: !args.allow_duplicates,
        ping_fails: args.ping_fails,
        latency: Duration::from_millis(args.latency_ms),
        echo: args.echo,
        ..FakeAshbyConfig::default()
    }
    .key(KEY, &full)
    .key(KEY_NO_CANDIDATES, &no_candidates);
    if args.drop_first_create {
        config = config.fault(FaultRule::new(Some("webhook.create"), Fault::DropAfterCreate, 1));
    }
    let fake = FakeAshby::start_on(config, args.port)?;
    let exports = format!(
        "export ATSCTL_ASHBY_URL={}\nexport ATSCTL_ASHBY_API_KEY={KEY}\n",
        fake.url()
    );
    if let Some(path) = &args.env_file {
        std::fs::write(path, &exports)?;
    }
    let mut out = std::io::stdout().lock();
    writeln!(out, "Fake Ashby API at {}", fake.url())?;
    writeln!(
        out,
        "  limits:   {}/s per key; 429 beyond{}",
        args.rate_limit.max(1),
        if args.no_retry_after {
            ""
        } else {
            " (with Retry-After: 1)"
        }
    )?;
    writeln!(
        out,
        "  control:  GET  /_fake/webhooks  the webhooks it holds (no tokens)"
    )?;
    writeln!(
        out,
        "            GET  /_fake/log       the requests it received (no keys)"
    )?;
    writeln!(
        out,
        "            POST /_fake/reset     forget the log and the rate limits"
    )?;
    writeln!(out, "\nDemo API keys (not secrets):")?;
    writeln!(out, "  {KEY}                every read + API Keys write")?;
    writeln!(
        out,
        "  {KEY_NO_CANDIDATES}  no Candidates, no API Keys (apiKey.info: 403)"
    )?;
    writeln!(out, "\nPoint atsctl at it:\n\n{exports}")?;
    writeln!(out, "Ctrl-C stops the server.")?;
    out.flush()?;
    drop(out);
    fake.wait();
    Ok(())
}
