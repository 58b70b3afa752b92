//! Ashby: API-key permissions by module, the endpoints each one guards, the read endpoints that
//! can be called without side effects (safe probes, with the body to send), and webhook types.
//!
//! Three files under `catalog/ashby/`: two reference copies kept byte-identical
//! (`ashby-endpoint-permissions.tsv`, `ashby-webhook-types.tsv`) and atsctl's own decisions
//! (`modules.tsv`: which permission ids make a module, the `apiKey.info` scope prefix, and which
//! safe probe stands for each read permission).
//!
//! A [`SafeProbe`] can only be made here, from a row the reference marks `safe_probe=yes`: code
//! that sends probes takes a `&SafeProbe`, so no other Ashby endpoint can be probed by mistake.

use std::fmt;
use std::sync::OnceLock;

use serde::Serialize;
use serde_json::Value;

use super::{normalize_label, tsv};

/// What a permission lets a key do with its module.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Access {
    Read,
    Write,
    /// Only `candidatesDelete` (`application.delete`), separate from write.
    Delete,
}

impl Access {
    pub const ALL: [Access; 3] = [Self::Read, Self::Write, Self::Delete];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Read => "read",
            Self::Write => "write",
            Self::Delete => "delete",
        }
    }

    /// As the key form shows it next to a module ("Jobs: Read").
    pub fn label(self) -> &'static str {
        match self {
            Self::Read => "Read",
            Self::Write => "Write",
            Self::Delete => "Delete",
        }
    }

    fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|access| access.as_str() == text)
    }
}

impl fmt::Display for Access {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One module of the API key form ("API permissions are organized by module", Ashby's
/// authentication docs).
#[derive(Debug, Clone, Serialize)]
pub struct Module {
    /// atsctl's name for it, the stem of its permission ids: `candidates`, `hiringProcessMetadata`.
    pub key: String,
    /// The label of Ashby's authentication docs (`Hiring Process`); `None` where no source
    /// publishes one (the notetaker, audit-log and sourcing permissions).
    pub label: Option<String>,
    /// Other names seen for it in vendor guides.
    pub aliases: Vec<String>,
    pub notes: String,
}

impl Module {
    /// The label, or the key where the label is not known.
    pub fn display_name(&self) -> &str {
        self.label.as_deref().unwrap_or(&self.key)
    }
}

/// One permission an API key can be granted: a module and an access.
#[derive(Debug, Clone, Serialize)]
pub struct Permission {
    /// `candidatesRead`, as each endpoint's "Requires the … permission" line names it.
    pub id: String,
    /// [`Module::key`].
    pub module: String,
    pub access: Access,
    /// How `apiKey.info` lists it: `candidates:read`.
    pub scope: String,
    /// The scope string was seen in a public source; otherwise atsctl assumes `<module>:<access>`
    /// (Ashby has published only read scopes).
    pub scope_seen: bool,
    /// The endpoints that require it, in catalog order.
    pub endpoints: Vec<String>,
    /// The safe probe that answers for it; reads only.
    #[serde(skip)]
    pub probe: Option<&'static SafeProbe>,
}

/// Whether calling an endpoint with an empty or one-record body is known to change nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ProbeSafety {
    /// Read-only and callable with `{}` or `{"limit":1}`.
    Safe,
    Unsafe,
    /// The request schema is not published.
    Unknown,
    /// Implemented by the partner and called by Ashby, not callable on Ashby's API.
    NotApplicable,
}

/// One endpoint of Ashby's API (`/candidate.list`; every call is a POST).
#[derive(Debug, Clone, Serialize)]
pub struct Endpoint {
    /// `candidate.list`.
    pub name: String,
    /// The module as the reference names it, `unknown` or `n/a`.
    pub module: String,
    pub access: Option<Access>,
    /// `None` for partner-implemented endpoints and the one whose permission is not stated.
    pub permission: Option<String>,
    pub safety: ProbeSafety,
    pub notes: String,
}

/// A read endpoint that changes nothing, and the smallest body that calls it. Only the catalog
/// makes these.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SafeProbe {
    endpoint: String,
    permission: String,
    body: Value,
}

impl SafeProbe {
    /// The endpoint, `candidate.list`, to be POSTed under the API base URL.
    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    /// The permission id a successful answer proves.
    pub fn permission(&self) -> &str {
        &self.permission
    }

    /// `{}` or `{"limit":1}`.
    pub fn body(&self) -> &Value {
        &self.body
    }
}

/// One webhook type (`candidateStageChange`).
#[derive(Debug, Clone, Serialize)]
pub struct WebhookType {
    pub name: String,
    /// Everything but `ping`, which Ashby sends when a webhook is saved.
    pub subscribable: bool,
    /// In the `webhookType` enum `webhook.create` documents; the others are documented as
    /// payloads only, and whether `webhook.create` accepts them is unknown.
    pub api_create_documented: bool,
    /// The keys of the payload's `data`.
    pub data_keys: Vec<String>,
    /// Types delivered with the same `webhookActionId` when this one fires ("related
    /// webhooks").
    pub also_triggers: Vec<String>,
    pub description: String,
}

/// Everything atsctl knows about Ashby.
#[derive(Debug)]
pub struct AshbyCatalog {
    pub modules: Vec<Module>,
    pub permissions: Vec<Permission>,
    pub endpoints: Vec<Endpoint>,
    /// Every safe probe, in catalog order.
    pub probes: Vec<&'static SafeProbe>,
    pub webhook_types: Vec<WebhookType>,
}

impl AshbyCatalog {
    /// The catalog compiled into this binary.
    pub fn bundled() -> &'static AshbyCatalog {
        static CATALOG: OnceLock<AshbyCatalog> = OnceLock::new();
        CATALOG.get_or_init(load)
    }

    /// A module by its label, an alias or its key, ignoring case and spacing.
    pub fn module(&self, name: &str) -> Option<&Module> {
        let wanted = normalize_label(name);
        self.modules.iter().find(|module| {
            normalize_label(&module.key) == wanted
                || module
                    .label
                    .as_deref()
                    .is_some_and(|label| normalize_label(label) == wanted)
                || module.aliases.iter().any(|alias| normalize_label(alias) == wanted)
        })
    }

    /// Every name a module can be written as, for suggestions.
    pub fn module_names(&self) -> impl Iterator<Item = &str> {
        // The key comes first: among equally close names a suggestion takes the last, and the
        // label is what a person sees in Ashby.
        self.modules.iter().flat_map(|module| {
            std::iter::once(module.key.as_str())
                .chain(module.aliases.iter().map(String::as_str))
                .chain(module.label.as_deref())
        })
    }

    /// The permission of `module` (its key) with `access`, if Ashby has one.
    pub fn permission_of(&self, module: &str, access: Access) -> Option<&Permission> {
        self.permissions
            .iter()
            .find(|permission| permission.module == module && permission.access == access)
    }

    /// A permission by id (`candidatesRead`).
    pub fn permission(&self, id: &str) -> Option<&Permission> {
        self.permissions.iter().find(|permission| permission.id == id)
    }

    /// A permission by its `apiKey.info` scope string (`candidates:read`).
    pub fn permission_by_scope(&self, scope: &str) -> Option<&Permission> {
        self.permissions.iter().find(|permission| permission.scope == scope)
    }

    pub fn endpoint(&self, name: &str) -> Option<&Endpoint> {
        self.endpoints.iter().find(|endpoint| endpoint.name == name)
    }

    /// The safe probe for `endpoint`, if the reference marks it safe.
    pub fn probe(&self, endpoint: &str) -> Option<&'static SafeProbe> {
        self.probes.iter().copied().find(|probe| probe.endpoint == endpoint)
    }

    /// `apiKey.info`: one request that lists a key's scopes, if the key has API Keys: Read.
    pub fn api_key_info(&self) -> &'static SafeProbe {
        self.probe("apiKey.info")
            .expect("the catalog marks apiKey.info a safe probe (tested)")
    }

    /// The permission `webhook.create` requires: what `apply` needs from the key.
    pub fn webhook_create_permission(&self) -> &Permission {
        self.endpoint("webhook.create")
            .and_then(|endpoint| endpoint.permission.as_deref())
            .and_then(|id| self.permission(id))
            .expect("webhook.create requires a catalog permission (tested)")
    }

    /// A webhook type by name, ignoring case (the names are camelCase identifiers).
    pub fn webhook_type(&self, name: &str) -> Option<&WebhookType> {
        let name = name.trim();
        self.webhook_types
            .iter()
            .find(|webhook_type| webhook_type.name.eq_ignore_ascii_case(name))
    }
}

/// The `probe body {...}` the reference writes in a safe endpoint's notes.
fn probe_body(notes: &str) -> Option<Value> {
    let (_, rest) = notes.split_once("probe body ")?;
    serde_json::Deserializer::from_str(rest)
        .into_iter::<Value>()
        .next()?
        .ok()
        .filter(Value::is_object)
}

fn list(text: &str) -> Vec<String> {
    text.split(',')
        .map(str::trim)
        .filter(|item| !item.is_empty() && *item != "-")
        .map(str::to_owned)
        .collect()
}

fn optional(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty() && text != "-").then(|| text.to_owned())
}

fn load() -> AshbyCatalog {
    let mut endpoints = Vec::new();
    let mut probes: Vec<&'static SafeProbe> = Vec::new();
    tsv::for_each_row(&tsv::ASHBY_ENDPOINTS, |row| {
        let safety = match row.get("safe_probe") {
            "yes" => ProbeSafety::Safe,
            "no" => ProbeSafety::Unsafe,
            "n/a" => ProbeSafety::NotApplicable,
            _ => ProbeSafety::Unknown,
        };
        let permission = row.get("permission_id");
        let permission = (!permission.starts_with("none") && permission != "unknown").then(|| permission.to_owned());
        let endpoint = Endpoint {
            name: row.get("endpoint").to_owned(),
            module: row.get("module").to_owned(),
            access: Access::parse(row.get("access")),
            permission,
            safety,
            notes: row.get("notes").to_owned(),
        };
        if safety == ProbeSafety::Safe {
            let body = probe_body(&endpoint.notes)
                .unwrap_or_else(|| panic!("line {}: a safe probe without a `probe body`", row.line));
            // Leaked once per process: the catalog lives as long as the program, and a
            // `&'static SafeProbe` lets a client hold one without tying it to the catalog.
            probes.push(Box::leak(Box::new(SafeProbe {
                endpoint: endpoint.name.clone(),
                permission: endpoint
                    .permission
                    .clone()
                    .unwrap_or_else(|| panic!("line {}: a safe probe without a permission", row.line)),
                body,
            })));
        }
        endpoints.push(endpoint);
    });

    let mut modules = Vec::new();
    let mut permissions = Vec::new();
    tsv::for_each_row(&tsv::ASHBY_MODULES, |row| {
        let key = row.get("module").to_owned();
        let scope_seen = row.get("scope_seen") == "yes";
        let read_probe = optional(row.get("read_probe"));
        for access in Access::ALL {
            let Some(id) = optional(row.get(access.as_str())) else {
                continue;
            };
            let probe = match (&read_probe, access) {
                (Some(endpoint), Access::Read) => Some(
                    probes
                        .iter()
                        .copied()
                        .find(|probe| &probe.endpoint == endpoint)
                        .unwrap_or_else(|| panic!("modules.tsv line {}: {endpoint} is not a safe probe", row.line)),
                ),
                _ => None,
            };
            permissions.push(Permission {
                endpoints: endpoints
                    .iter()
                    .filter(|endpoint| endpoint.permission.as_deref() == Some(id.as_str()))
                    .map(|endpoint| endpoint.name.clone())
                    .collect(),
                scope: format!("{}:{}", row.get("scope"), access.as_str()),
                scope_seen: scope_seen && access == Access::Read,
                module: key.clone(),
                access,
                probe,
                id,
            });
        }
        modules.push(Module {
            key,
            label: optional(row.get("label")),
            aliases: list(row.get("aliases")),
            notes: row.get("notes").to_owned(),
        });
    });

    let mut webhook_types = Vec::new();
    tsv::for_each_row(&tsv::ASHBY_WEBHOOK_TYPES, |row| {
        let name = row.get("webhookType").to_owned();
        webhook_types.push(WebhookType {
            subscribable: name != "ping",
            api_create_documented: row.get("in_webhook_create_enum") == "yes",
            data_keys: list(row.get("data_keys")),
            also_triggers: list(row.get("also_triggers")),
            description: row.get("description").to_owned(),
            name,
        });
    });

    AshbyCatalog {
        modules,
        permissions,
        endpoints,
        probes,
        webhook_types,
    }
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};

    use super::*;

    fn catalog() -> &'static AshbyCatalog {
        AshbyCatalog::bundled()
    }

    /// Every permission id the endpoint table names.
    fn referenced_permission_ids() -> BTreeSet<&'static str> {
        catalog()
            .endpoints
            .iter()
            .filter_map(|endpoint| endpoint.permission.as_deref())
            .collect()
    }

    #[test]
    fn every_reference_row_is_loaded() {
        let catalog = catalog();
        assert_eq!(catalog.endpoints.len(), 182, "the reference lists 182 endpoints");
        assert_eq!(catalog.probes.len(), 32, "32 rows are safe_probe=yes");
        assert_eq!(catalog.webhook_types.len(), 27, "26 subscribable types and ping");
        assert_eq!(catalog.webhook_types.iter().filter(|t| t.subscribable).count(), 26);
        assert_eq!(
            catalog.webhook_types.iter().filter(|t| t.api_create_documented).count(),
            17,
            "webhook.create's enum lists 17 values"
        );
        assert_eq!(catalog.modules.len(), 12);
    }

    #[test]
    fn the_reference_files_are_plain_tab_separated_tables() {
        for (name, text) in [
            (
                "endpoints",
                include_str!("../../catalog/ashby/ashby-endpoint-permissions.tsv"),
            ),
            (
                "webhook types",
                include_str!("../../catalog/ashby/ashby-webhook-types.tsv"),
            ),
            ("modules", include_str!("../../catalog/ashby/modules.tsv")),
        ] {
            let mut lines = text.lines();
            let columns = lines.next().unwrap().split('\t').count();
            for (index, line) in lines.enumerate() {
                assert_eq!(line.split('\t').count(), columns, "{name} line {}", index + 2);
            }
        }
    }

    #[test]
    fn every_permission_id_of_the_endpoints_belongs_to_one_module() {
        let catalog = catalog();
        let mut owners: BTreeMap<&str, usize> = BTreeMap::new();
        for permission in &catalog.permissions {
            *owners.entry(permission.id.as_str()).or_default() += 1;
        }
        assert!(owners.values().all(|count| *count == 1), "{owners:?}");
        for id in referenced_permission_ids() {
            assert!(catalog.permission(id).is_some(), "{id} has no module in modules.tsv");
        }
        for permission in &catalog.permissions {
            assert!(
                !permission.endpoints.is_empty(),
                "{} guards no endpoint of the reference",
                permission.id
            );
            assert!(
                catalog.modules.iter().any(|module| module.key == permission.module),
                "{}",
                permission.id
            );
        }
    }

    #[test]
    fn each_permission_matches_the_access_and_module_of_its_endpoints() {
        let catalog = catalog();
        for endpoint in &catalog.endpoints {
            let Some(id) = &endpoint.permission else { continue };
            let permission = catalog.permission(id).unwrap();
            assert_eq!(Some(permission.access), endpoint.access, "{}", endpoint.name);
            let module = catalog.modules.iter().find(|m| m.key == permission.module).unwrap();
            // Where no label is published (candidatesDelete included) the reference says `unknown`.
            match (&module.label, permission.access) {
                (Some(label), Access::Read | Access::Write) => assert_eq!(&endpoint.module, label, "{}", endpoint.name),
                _ => assert_eq!(endpoint.module, "unknown", "{}", endpoint.name),
            }
        }
    }

    #[test]
    fn probes_are_reads_with_an_object_body_and_each_read_probe_is_its_own() {
        let catalog = catalog();
        for probe in &catalog.probes {
            let endpoint = catalog.endpoint(probe.endpoint()).unwrap();
            assert_eq!(endpoint.access, Some(Access::Read), "{}", probe.endpoint());
            assert!(
                probe.body() == &serde_json::json!({}) || probe.body() == &serde_json::json!({ "limit": 1 }),
                "{}: {}",
                probe.endpoint(),
                probe.body()
            );
        }
        for permission in &catalog.permissions {
            if let Some(probe) = permission.probe {
                assert_eq!(permission.access, Access::Read);
                assert_eq!(probe.permission(), permission.id, "{}", probe.endpoint());
            }
        }
        let unprobed: Vec<&str> = catalog
            .permissions
            .iter()
            .filter(|p| p.access == Access::Read && p.probe.is_none())
            .map(|p| p.id.as_str())
            .collect();
        assert_eq!(
            unprobed,
            ["reportsRead", "notetakerRead", "auditLogsRead", "sourcingRead"],
            "only reads without a safe probe go unprobed"
        );
        // Reads that can be probed at all have a chosen probe.
        for probe in &catalog.probes {
            assert!(catalog.permission(probe.permission()).unwrap().probe.is_some());
        }
    }

    #[test]
    fn api_key_info_and_webhook_create_are_where_the_reference_says() {
        let catalog = catalog();
        assert_eq!(catalog.api_key_info().permission(), "apiKeysRead");
        assert_eq!(catalog.api_key_info().body(), &serde_json::json!({}));
        let create = catalog.webhook_create_permission();
        assert_eq!((create.id.as_str(), create.access), ("apiKeysWrite", Access::Write));
        assert!(catalog.probe("webhook.create").is_none());
        assert!(
            catalog.probe("referralForm.info").is_none(),
            "a read with a side effect"
        );
        assert!(catalog.probe("report.synchronous").is_none());
    }

    #[test]
    fn related_webhooks_name_known_types() {
        let catalog = catalog();
        for webhook_type in &catalog.webhook_types {
            for other in &webhook_type.also_triggers {
                assert!(catalog.webhook_type(other).is_some(), "{}: {other}", webhook_type.name);
            }
        }
        let hire = catalog.webhook_type("candidatehire").unwrap();
        assert_eq!(hire.also_triggers, ["applicationUpdate", "candidateStageChange"]);
        assert!(!catalog.webhook_type("ping").unwrap().subscribable);
        assert!(!catalog.webhook_type("jobCreate").unwrap().api_create_documented);
    }

    #[test]
    fn modules_are_found_by_label_alias_or_key() {
        let catalog = catalog();
        assert_eq!(catalog.module("hiring  process").unwrap().key, "hiringProcessMetadata");
        assert_eq!(
            catalog.module("Hiring Process Metadata").unwrap().key,
            "hiringProcessMetadata"
        );
        assert_eq!(catalog.module("api keys").unwrap().key, "apiKeys");
        assert_eq!(catalog.module("notetaker").unwrap().display_name(), "notetaker");
        assert!(catalog.module("Candiates").is_none());
        assert_eq!(
            catalog.permission_of("candidates", Access::Delete).unwrap().id,
            "candidatesDelete"
        );
        assert!(catalog.permission_of("reports", Access::Write).is_none());
        assert_eq!(
            catalog.permission_by_scope("hiringProcessMetadata:read").unwrap().id,
            "hiringProcessMetadataRead"
        );
        assert!(
            catalog
                .permission("jobsWrite")
                .unwrap()
                .endpoints
                .contains(&"job.create".to_owned())
        );
    }
}
