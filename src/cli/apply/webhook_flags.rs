//! The flags `apply` takes for an ATS whose API creates web hooks: one block for every such
//! ATS, its help under one heading; which ATS takes `--region` is the spec's `own_flags`.

use std::time::Duration;

use crate::cli::ats::RegionArg;

// The flags of `apply` on an ATS whose API creates web hooks; the guided checklist takes none.
// (A plain comment: a doc comment on a flattened struct would become the command's about.)
#[derive(Debug, clap::Args)]
#[command(next_help_heading = "Lever and Ashby (--ats lever, --ats ashby)")]
pub(crate) struct WebhookApplyArgs {
    /// The HTTPS URL Lever or Ashby delivers the webhooks to (the partner gives it). Required
    /// unless the manifest fixes one; plain http:// only to a loopback host (tests, demos).
    #[arg(long, value_name = "URL")]
    pub(crate) webhook_url: Option<String>,
    /// Show what would be created and what already exists, and send only read-only requests.
    /// Exit 1 when something would be created.
    #[arg(long)]
    pub(crate) dry_run: bool,
    /// Also keep each new webhook's signature (Lever) or secret (Ashby) token in the OS
    /// credential store (service `atsctl`, account `<profile>/webhooks/<partner>.<event>/<ats>`),
    /// when this machine has one. It is printed either way.
    #[arg(long)]
    pub(crate) store_token: bool,
    /// The Lever account's region, which picks the API host: us (api.lever.co) or eu
    /// (api.eu.lever.co). ATSCTL_LEVER_URL sets the URL itself.
    #[arg(long, value_enum)]
    pub(crate) region: Option<RegionArg>,
    /// The profile whose API key to use when ATSCTL_LEVER_API_KEY / ATSCTL_ASHBY_API_KEY and
    /// --api-key-stdin give none (default: the `default` profile, if there is one).
    #[arg(long, value_name = "NAME", env = "ATSCTL_PROFILE")]
    pub(crate) profile: Option<String>,
    /// Read the API key from stdin (then stdin cannot confirm: add --yes).
    #[arg(long)]
    pub(crate) api_key_stdin: bool,
    /// Show each request to the ATS on stderr (-v), and error bodies (-vv). Secrets never are.
    #[arg(long, short, action = clap::ArgAction::Count)]
    pub(crate) verbose: u8,
    /// Time limit for each phase that talks to the ATS (listing, then each create), waits for rate
    /// limits included: `60`, `2.5s`, `500ms`. Each request also gives up after 10 s.
    #[arg(long, value_name = "DURATION", default_value = "60s", value_parser = crate::cli::duration_arg::parse_timeout)]
    pub(crate) timeout: Duration,
}
