//! The test suite's fake Lever as a standalone server, for demos and trying `validate` and
//! `apply` offline:
//!
//! ```text
//! cargo run --example fake_lever -- --port 4010
//! ```
//!
//! It serves the Lever Data API under `http://127.0.0.1:PORT/v1` with demo API keys, prints the
//! `export` lines that point atsctl at it, and serves until killed. `GET /_fake/webhooks` lists
//! the webhooks it holds (without tokens), `GET /_fake/log` the requests it received (never the
//! keys), and `POST /_fake/reset` forgets the log and the rate-limit buckets.

#[path = "../tests/support/fake_lever.rs"]
mod fake_lever;
// The fake reports its handlers' panics through this sibling module.
#[path = "../tests/support/handler_panics.rs"]
mod handler_panics;

use std::io::Write as _;
use std::path::PathBuf;
use std::time::Duration;

use clap::Parser;
use fake_lever::{CreateShape, FakeLever, FakeLeverConfig, Fault, FaultRule, RateLimit};

/// Full access: stages and webhooks.
const KEY: &str = "demo-lever-key";
/// Stages only: webhooks answer 403.
const KEY_NO_WEBHOOKS: &str = "demo-lever-key-stages-only";

/// Serve a fake Lever Data API on 127.0.0.1.
#[derive(Debug, Parser)]
struct Args {
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// Leave "Reference check" out of the pipeline.
    #[arg(long)]
    no_reference_check: bool,
    /// Use these pipeline stages instead (repeatable).
    #[arg(long = "stage", value_name = "TEXT")]
    stages: Vec<String>,
    /// Start with this many unrelated webhooks (to see pagination at work).
    #[arg(long, default_value_t = 0)]
    seed_webhooks: usize,
    /// At most this many records per page.
    #[arg(long, default_value_t = 100)]
    max_page: usize,
    /// Requests per second and key before 429s.
    #[arg(long, default_value_t = 10)]
    rate_limit: u32,
    /// Requests a key may burst beyond the rate (Lever: up to 20).
    #[arg(long, default_value_t = 20)]
    burst: u32,
    /// Send `Retry-After: 1` with 429s.
    #[arg(long)]
    retry_after: bool,
    /// Answer POST /webhooks in the docs' nested `data.data` shape.
    #[arg(long)]
    nested_create: bool,
    /// Create the first webhook, then drop the connection unanswered (an interrupted run).
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
    let mut config = FakeLeverConfig {
        create_shape: if args.nested_create {
            CreateShape::NestedData
        } else {
            CreateShape::Data
        },
        rate_limit: Some(RateLimit {
            per_second: args.rate_limit.max(1),
            burst: args.burst.max(1),
            retry_after: args.retry_after,
        }),
        max_page: args.max_page.max(1),
        latency: Duration::from_millis(args.latency_ms),
        echo: args.echo,
        ..FakeLeverConfig::default()
    }
    .key(KEY, &["stages", "webhooks"])
    .key(KEY_NO_WEBHOOKS, &["stages"]);
    if !args.stages.is_empty() {
        config.stages.clone_from(&args.stages);
    }
    if args.no_reference_check {
        config
            .stages
            .retain(|stage| !stage.eq_ignore_ascii_case("reference check"));
    }
    for index in 0..args.seed_webhooks {
        config = config.webhook(
            &format!("https://other-vendor.example/hooks/{index}"),
            "applicationCreated",
        );
    }
    if args.drop_first_create {
        config = config.fault(FaultRule::new("POST", Some("/webhooks"), Fault::DropAfterCreate, 1));
    }
    let stages = config.stages.join(", ");
    let fake = FakeLever::start_on(config, args.port)?;
    let exports = format!(
        "export ATSCTL_LEVER_URL={}\nexport ATSCTL_LEVER_API_KEY={KEY}\n",
        fake.url()
    );
    if let Some(path) = &args.env_file {
        std::fs::write(path, &exports)?;
    }
    let mut out = std::io::stdout().lock();
    writeln!(out, "Fake Lever Data API at {}", fake.url())?;
    writeln!(out, "  stages:   {stages}")?;
    writeln!(
        out,
        "  limits:   {}/s per key, bursts to {}; 429 beyond{}",
        args.rate_limit.max(1),
        args.burst.max(1),
        if args.retry_after { " (with Retry-After: 1)" } else { "" }
    )?;
    writeln!(
        out,
        "  control:  GET {0}/_fake/webhooks, GET {0}/_fake/log, POST {0}/_fake/reset",
        fake.origin()
    )?;
    writeln!(out, "\nDemo API keys (not secrets):")?;
    writeln!(out, "  {KEY}  stages + webhooks")?;
    writeln!(out, "  {KEY_NO_WEBHOOKS}  stages only (webhooks answer 403)")?;
    writeln!(out, "\nPoint atsctl at it:\n\n{exports}")?;
    writeln!(
        out,
        "Then: atsctl validate hipeople --ats lever, and atsctl apply hipeople --ats lever --webhook-url https://hooks.example.com/lever --yes. Ctrl-C stops the server."
    )?;
    out.flush()?;
    drop(out);
    fake.wait();
    Ok(())
}
