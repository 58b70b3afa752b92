//! The test suite's fake Greenhouse as a standalone server, for demos and `bench/validate.sh`:
//!
//! ```text
//! cargo run --example fake_greenhouse -- --partner eqtble --drop-scope harvest:offers:list
//! ```
//!
//! It grants demo credentials (v3 client and v1 key) everything the partner needs, minus what
//! `--drop-*` removes, prints the `export` lines that point `atsctl validate` at it, and serves
//! until killed. It also holds a customer's access token for the demo client, as if the customer
//! had authorised it (`--token-*` shape it), for `atsctl validate --access-token-stdin`. `GET /_fake/stats` on the Harvest port reports the requests received;
//! `POST /_fake/reset` forgets them and the rate-limit windows.

#[path = "../tests/support/fake_greenhouse.rs"]
mod fake_greenhouse;
// The fake reports its handlers' panics through this sibling module.
#[path = "../tests/support/handler_panics.rs"]
mod handler_panics;

use std::io::Write as _;
use std::path::PathBuf;
use std::time::Duration;

use atsctl::manifest::{self, Ats};
use clap::Parser;
use fake_greenhouse::{Expiry, FakeAuthorization, FakeConfig, FakeGreenhouse, FakeUser, RateLimit};

const CLIENT_ID: &str = "demo-client";
// Shares no 8-character start with the id: the redactor masks such starts of a secret.
const CLIENT_SECRET: &str = "s3cret-of-the-demo";
const API_KEY: &str = "demo-harvest-key";
const CUSTOMER_TOKEN: &str = "demo-customer-access-token";
/// The `sub` of the customer's authorisation: a service account unless `--token-role` says.
const AUTHORISING_USER: u64 = 303;

/// Serve a fake Greenhouse (auth server + Harvest v1/v3) on 127.0.0.1.
#[derive(Debug, Parser)]
struct Args {
    /// Grant the demo credentials what this bundled partner needs.
    #[arg(long, default_value = "eqtble")]
    partner: String,
    /// Take the needs from this manifest file instead.
    #[arg(long, value_name = "FILE")]
    manifest: Option<PathBuf>,
    /// Leave this v3 scope out of the demo client (repeatable).
    #[arg(long = "drop-scope", value_name = "SCOPE")]
    drop_scopes: Vec<String>,
    /// Leave this v1 permission label out of the demo key (repeatable).
    #[arg(long = "drop-permission", value_name = "LABEL")]
    drop_permissions: Vec<String>,
    /// Grant this scope as well, beyond the partner's needs (repeatable).
    #[arg(long = "extra-scope", value_name = "SCOPE")]
    extra_scopes: Vec<String>,
    /// The demo acting user (101) is a Site Admin unless this is set.
    #[arg(long)]
    not_admin: bool,
    #[arg(long, default_value_t = 0)]
    auth_port: u16,
    #[arg(long, default_value_t = 0)]
    harvest_port: u16,
    /// Answer POST /introspect with 404.
    #[arg(long)]
    no_introspection: bool,
    /// Introspection without the organization and user role claim.
    #[arg(long)]
    no_claims: bool,
    /// Answer every v1/v2 path with a 404 HTML page.
    #[arg(long)]
    v1_retired: bool,
    /// Delay before every answer, in milliseconds.
    #[arg(long, default_value_t = 0)]
    latency_ms: u64,
    /// Requests allowed per window and credential; no limit when absent.
    #[arg(long, value_name = "N")]
    rate_limit: Option<u32>,
    /// The rate-limit window in seconds.
    #[arg(long, default_value_t = 10.0)]
    rate_window: f64,
    /// Send X-RateLimit-Reset on every v1 answer (v3 always does).
    #[arg(long)]
    announce_reset: bool,
    /// The first N Harvest requests answer 500.
    #[arg(long, default_value_t = 0)]
    fail_first: u32,
    /// The first N Harvest requests lose their connection.
    #[arg(long, default_value_t = 0)]
    drop_first: u32,
    /// Print each request to stderr.
    #[arg(long)]
    echo: bool,
    /// The role introspection gives the customer's token: service_account, site_admin, basic...
    #[arg(long, value_name = "ROLE", default_value = "service_account")]
    token_role: String,
    /// The customer's token is expired or revoked.
    #[arg(long)]
    token_inactive: bool,
    /// The customer's token was issued to another client than the demo one.
    #[arg(long)]
    token_of_other_client: bool,
    /// Also write the `export` lines to this file (for scripts).
    #[arg(long, value_name = "FILE")]
    env_file: Option<PathBuf>,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = Args::parse();
    let (file, text) = match &args.manifest {
        Some(path) => (path.display().to_string(), std::fs::read_to_string(path)?),
        None => {
            let bundled =
                manifest::bundled(&args.partner).ok_or_else(|| format!("unknown partner {}", args.partner))?;
            (bundled.file.to_owned(), bundled.text.to_owned())
        }
    };
    let loaded = manifest::load(&file, &text);
    let manifest = loaded
        .manifest
        .ok_or_else(|| format!("{file} has errors; run `atsctl lint {file}`"))?;
    let checklist =
        atsctl::plan::checklist(&manifest, Ats::Greenhouse).ok_or("the manifest has no Greenhouse setup")?;
    let mut scopes: Vec<String> = checklist
        .v3_scopes
        .iter()
        .map(|item| item.scope.clone())
        .filter(|scope| !args.drop_scopes.contains(scope))
        .collect();
    scopes.extend(args.extra_scopes.iter().cloned());
    let permissions: Vec<String> = checklist
        .permissions
        .iter()
        .map(|permission| permission.label.clone())
        .filter(|label| !args.drop_permissions.contains(label))
        .collect();

    let mut config = FakeConfig {
        introspection: !args.no_introspection,
        introspection_without_claims: args.no_claims,
        v1_retired: args.v1_retired,
        latency: Duration::from_millis(args.latency_ms),
        rate_limit: args.rate_limit.map(|limit| RateLimit {
            limit,
            window: Duration::from_secs_f64(args.rate_window.max(0.001)),
            announce_reset_v1: args.announce_reset,
        }),
        fail_first: args.fail_first,
        drop_first: args.drop_first,
        expiry: Expiry::ExpiresAt,
        echo: args.echo,
        ..FakeConfig::default()
    }
    .client(CLIENT_ID, CLIENT_SECRET, &scopes)
    .authorization(FakeAuthorization {
        access_token: CUSTOMER_TOKEN.to_owned(),
        client_id: if args.token_of_other_client {
            "another-partner-client".to_owned()
        } else {
            CLIENT_ID.to_owned()
        },
        scopes: scopes.clone(),
        sub: AUTHORISING_USER,
        role: args.token_role.clone(),
        active: !args.token_inactive,
    })
    .key(API_KEY, &permissions);
    if args.not_admin {
        config.users = vec![FakeUser {
            id: FakeConfig::ADMIN,
            name: "Demo User".to_owned(),
            role: "basic".to_owned(),
            site_admin: false,
        }];
    }
    let fake = FakeGreenhouse::start_on(config, args.auth_port, args.harvest_port)?;
    let exports = format!(
        "export ATSCTL_GREENHOUSE_AUTH_URL={}\nexport ATSCTL_HARVEST_URL={}\nexport ATSCTL_GREENHOUSE_CLIENT_ID={CLIENT_ID}\nexport ATSCTL_GREENHOUSE_CLIENT_SECRET={CLIENT_SECRET}\nexport ATSCTL_GREENHOUSE_USER_ID={}\nexport ATSCTL_HARVEST_API_KEY={API_KEY}\nexport DEMO_CUSTOMER_TOKEN={CUSTOMER_TOKEN}\n",
        fake.auth_url(),
        fake.harvest_url(),
        FakeConfig::ADMIN
    );
    if let Some(path) = &args.env_file {
        std::fs::write(path, &exports)?;
    }
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "Fake Greenhouse for {} ({} v3 scopes, {} v1 permissions granted to the demo credentials)",
        manifest.partner.name,
        scopes.len(),
        permissions.len()
    )?;
    writeln!(
        out,
        "  auth server: {}  (POST /token, POST /introspect)",
        fake.auth_url()
    )?;
    writeln!(
        out,
        "  Harvest:     {}  (/v1, /v3; GET /_fake/stats, POST /_fake/reset)",
        fake.harvest_url()
    )?;
    writeln!(out, "\nPoint atsctl at it (demo values, not secrets):\n\n{exports}")?;
    writeln!(
        out,
        "Then: atsctl validate {id} [--api v1], or as the partner with the customer's token:\n      printf %s \"$DEMO_CUSTOMER_TOKEN\" | atsctl validate {id} --access-token-stdin\nCtrl-C stops the server.",
        id = manifest.partner.id
    )?;
    out.flush()?;
    drop(out);
    fake.wait();
    Ok(())
}
