//! `atsctl partners`: the bundled partners, their ATSs and what each asks for.

use atsctl::manifest::{self, Ats};
use atsctl::plan;
use serde::Serialize;

use super::table::{new_table, render};
use super::{CliError, CliResult, Exit, Output};

// Its description is on `Command::Partners` (src/cli/mod.rs says why).
#[derive(Debug, clap::Args)]
pub(crate) struct PartnersArgs {
    /// table for a terminal, json for scripts.
    #[arg(long, value_enum, default_value = "table")]
    format: PartnersFormat,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum PartnersFormat {
    // `terminal` as every command that prints for a person accepts it.
    #[value(alias = "terminal")]
    Table,
    Json,
}

#[derive(Debug, Serialize)]
struct PartnerRow {
    id: String,
    name: String,
    ats: Ats,
    permissions_required: usize,
    permissions_optional: usize,
    v3_scopes: usize,
    webhooks: usize,
    stages: usize,
}

pub(crate) fn run(args: &PartnersArgs, output: &mut Output) -> CliResult {
    let mut rows = Vec::new();
    for bundled in manifest::BUNDLED {
        let loaded = manifest::load(bundled.file, bundled.text);
        let manifest = loaded.manifest.ok_or_else(|| {
            CliError::new(
                Exit::Usage,
                format!("bundled manifest {} does not load; this is a bug", bundled.file),
            )
        })?;
        for ats in manifest.ats_list() {
            let Some(checklist) = plan::checklist(&manifest, ats) else {
                continue;
            };
            let (required, optional) = checklist.permission_counts();
            rows.push(PartnerRow {
                id: manifest.partner.id.clone(),
                name: manifest.partner.name.clone(),
                ats,
                permissions_required: required,
                permissions_optional: optional,
                v3_scopes: checklist.v3_scopes.len(),
                webhooks: checklist.webhooks.len(),
                stages: checklist.stages.len(),
            });
        }
    }
    match args.format {
        PartnersFormat::Json => output.json(&rows),
        PartnersFormat::Table => {
            let mut table = new_table(&[
                "Partner",
                "Name",
                "ATS",
                "Permissions (req/opt)",
                "v3 scopes",
                "Webhooks",
                "Stages",
            ]);
            for row in &rows {
                table.add_row(vec![
                    row.id.clone(),
                    row.name.clone(),
                    row.ats.display_name().to_owned(),
                    if row.ats.spec().lists_permissions {
                        format!("{}/{}", row.permissions_required, row.permissions_optional)
                    } else {
                        "—".to_owned()
                    },
                    if row.ats.spec().lists_scopes {
                        row.v3_scopes.to_string()
                    } else {
                        "—".to_owned()
                    },
                    row.webhooks.to_string(),
                    row.stages.to_string(),
                ]);
            }
            output.print(&render(&table, 0));
        }
    }
    Ok(Exit::Ok)
}
